import type { Account } from '@domain/identity';
import { defaultSettings, type NotificationSettings } from '@domain/profile';
import { mayNotify } from './notify-user';

const account = (userId: string): Account => ({
  status: 'active',
  userId,
  username: userId,
  email: `${userId}@example.com`,
  passwordHash: 'hash',
  avatarColor: 'red',
  profilePicture: '',
  uId: '1',
  registeredAt: '2026-01-01T00:00:00.000Z',
  isAdmin: false,
  passwordChangedAt: null,
});

/** given(the recipient's settings).when(a notice from `b` to `a`).passes() | .isStopped(). */
const given = (settings: Partial<NotificationSettings>, parties: { recipient?: Account; sender?: Account; blocked?: boolean } = {}) => ({
  when: (type: 'follows' | 'comment' | 'reactions', notice: { userTo?: string; userFrom?: string } = {}) => {
    const run = () =>
      mayNotify(
        {
          recipient: parties.recipient ?? account('a'),
          sender: parties.sender ?? account('b'),
          settings: { ...defaultSettings, ...settings },
          blocked: parties.blocked ?? false,
        },
        { type, userTo: notice.userTo ?? 'a', userFrom: notice.userFrom ?? 'b' },
      );
    return { passes: () => expect(run()).toBe(true), isStopped: () => expect(run()).toBe(false) };
  },
});

describe('the settings gate of notifications', () => {
  it('lets each kind through while the recipient keeps its setting on', () => {
    given({}).when('follows').passes();
    given({}).when('comment').passes();
    given({}).when('reactions').passes();
  });

  it('stops a kind the recipient turned off, and only that kind', () => {
    given({ follows: false }).when('follows').isStopped();
    given({ follows: false }).when('comment').passes();
    given({ comments: false }).when('comment').isStopped();
    given({ reactions: false }).when('reactions').isStopped();
  });

  it('never notifies across a block, whichever way it goes', () => given({}, { blocked: true }).when('comment').isStopped());

  it('never notifies users of what they did themselves', () => given({}).when('follows', { userTo: 'a', userFrom: 'a' }).isStopped());

  it('stops a notice to or from an account that does not exist', () => {
    given({}, { recipient: { status: 'none' } })
      .when('follows')
      .isStopped();
    given({}, { sender: { status: 'none' } })
      .when('follows')
      .isStopped();
  });
});
