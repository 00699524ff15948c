import type { Redis } from 'ioredis';
import { rm, type ReadModelWrite } from '@application/shared/projection';
import { uniqueName } from '@test/support/unique-name';
import { ProjectionCheckpoints } from './projection-checkpoints';
import { projectionKeys } from './projection-keys';
import { RedisReadModels } from './redis-read-models';
import { connectTestRedis } from './testing/projection-harness';

describe('ProjectionCheckpoints: the write kinds that depend on what is stored', () => {
  let redis: Redis;
  let name: string;
  let checkpoints: ProjectionCheckpoints;
  let applied: number;
  const token = 'holder';

  beforeAll(() => {
    redis = connectTestRedis();
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(async () => {
    name = uniqueName('writes');
    checkpoints = new ProjectionCheckpoints(redis, name, 1);
    await redis.set(projectionKeys(name).lease(1).key, token);
    await redis.set(projectionKeys(name).active, '1');
    applied = 0;
  });

  const apply = async (...writes: ReadModelWrite[]): Promise<void> => {
    expect(await checkpoints.commit(applied, applied + 1, [writes], token)).toBe('committed');
    applied++;
  };
  const view = () => new RedisReadModels(redis).view(name);

  it('copies a member with the score it has elsewhere, and copies nothing that is not there', async () => {
    await apply(rm.sortedAdd('all', 42, 'post-1'));
    await apply(rm.sortedCopy('all', 'images', 'post-1'), rm.sortedCopy('all', 'images', 'missing'));
    expect(await view().sortedRangeByScore('images', 0, 100)).toEqual([{ member: 'post-1', score: 42 }]);
  });

  it('skips guarded writes when their key is absent, and applies them when it is there', async () => {
    await apply(...rm.ifExists('post:1', [rm.hashIncrement('post:1', 'like', 1), rm.setAdd('reactors:1', 'u1')]));
    expect(await view().hash('post:1')).toBeNull();
    expect(await view().setMembers('reactors:1')).toEqual([]);
    await apply(rm.hashSet('post:1', { like: '0' }));
    await apply(...rm.ifExists('post:1', [rm.hashIncrement('post:1', 'like', 1), rm.setAdd('reactors:1', 'u1')]));
    expect(await view().hash('post:1')).toEqual({ like: '1' });
    expect(await view().setMembers('reactors:1')).toEqual(['u1']);
  });

  it('removes a member from the set of every member of another set', async () => {
    await apply(rm.sortedAdd('reactors:p1', 1, 'u1'), rm.sortedAdd('reactors:p1', 2, 'u2'));
    await apply(rm.sortedAdd('reacted:u1', 1, 'p1'), rm.sortedAdd('reacted:u1', 3, 'p2'), rm.sortedAdd('reacted:u2', 2, 'p1'));
    await apply(rm.sortedRemoveFromEach('reactors:p1', 'reacted:', 'p1'));
    expect(await view().sortedRange('reacted:u1', 0, -1)).toEqual(['p2']);
    expect(await view().sortedRange('reacted:u2', 0, -1)).toEqual([]);
  });

  it('refuses a removal from each member when one of their keys has another type, writing nothing', async () => {
    await apply(
      rm.sortedAdd('reactors:p1', 1, 'u1'),
      rm.sortedAdd('reactors:p1', 2, 'u2'),
      rm.sortedAdd('reacted:u1', 1, 'p1'),
      rm.hashSet('reacted:u2', { p1: '1' }),
    );
    await expect(
      checkpoints.commit(applied, applied + 1, [[rm.hashIncrement('counts', 'like', 1), rm.sortedRemoveFromEach('reactors:p1', 'reacted:', 'p1')]], token),
    ).rejects.toThrow(/WRONGTYPE/);
    expect(await view().hash('counts')).toBeNull();
    expect(await view().sortedRange('reacted:u1', 0, -1)).toEqual(['p1']);
  });

  it('refuses a copy from a key of another type, writing nothing', async () => {
    await apply(rm.hashSet('all', { a: '1' }));
    await expect(checkpoints.commit(applied, applied + 1, [[rm.sortedAdd('x', 1, 'm'), rm.sortedCopy('all', 'images', 'a')]], token)).rejects.toThrow(
      /WRONGTYPE/,
    );
    expect(await view().sortedSize('x')).toBe(0);
  });
});
