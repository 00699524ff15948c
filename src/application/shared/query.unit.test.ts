import type { ReadModels, ReadModelView } from './read-models';
import { defineQuery, readsOf, UndeclaredReadError } from './query';

const viewed: string[] = [];
const readModels: ReadModels = {
  view: (projection) => {
    viewed.push(projection);
    return { value: async () => projection } as unknown as ReadModelView;
  },
  isRecovering: async () => false,
  waitForPosition: async () => true,
};

const userName = defineQuery(['profile.users'], async (rm, userId: string) => rm.view('profile.users').value(`user:${userId}`));

describe('a query', () => {
  beforeEach(() => viewed.splice(0));

  it('reads the projections it declares', async () => {
    expect(await userName.run(readModels, 'u1')).toBe('profile.users');
    expect(viewed).toEqual(['profile.users']);
  });

  it('fails when it reads a projection it did not declare, before reading anything', async () => {
    const sneaky = defineQuery(['profile.users'], async (rm) => rm.view('graph.relationships').value('x'));
    await expect(sneaky.run(readModels)).rejects.toThrow(UndeclaredReadError);
    expect(viewed).toEqual([]);
  });

  it('fails when a query it is built from reads a projection it did not declare', async () => {
    const careless = defineQuery(['graph.relationships'], async (rm) => userName.run(rm, 'u1'));
    await expect(careless.run(readModels)).rejects.toThrow(
      'A query read projection profile.users, which it does not declare (it declares graph.relationships).',
    );
    const careful = defineQuery(readsOf(userName, 'graph.relationships'), async (rm) => userName.run(rm, 'u1'));
    expect(await careful.run(readModels)).toBe('profile.users');
  });

  it('lists the projections of the queries it is built from once each', () => {
    expect(readsOf(userName, 'graph.relationships', userName, 'profile.users')).toEqual(['profile.users', 'graph.relationships']);
  });
});
