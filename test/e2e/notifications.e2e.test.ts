import request from 'supertest';
import { profileDecider, profileStreamId } from '@domain/profile';
import { handleCommand } from '@application/shared/handle-command';
import { eventCatalog } from '@interfaces/contexts/catalog';
import { MongoEventStore } from '@infrastructure/event-store/mongo-event-store';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { eventually, startTestSystemWithMail, type TestSystemWithMail } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';
import { uniqueName } from '@test/support/unique-name';
import { startRebuild } from '@test/support/rebuild';

type User = TestUser;

describe('notifications (contract 2.7) over a real port', () => {
  let sut: TestSystemWithMail;
  const api = () => request(sut.baseUrl);
  const auth = bearer;

  beforeAll(async () => {
    sut = await startTestSystemWithMail();
  });
  afterAll(() => sut.stop());

  const signUp = () => signUpUser(sut.baseUrl, 'n');
  const notificationsOf = async (user: User, query = '') => (await api().get(`/api/v1/notifications${query}`).set(auth(user)).expect(200)).body;
  const mailsTo = (user: User) => sut.smtp.received.filter((mail) => JSON.stringify(mail.to).includes(user.email));

  it('notifies the followed user, with the sender card, and e-mails them once', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
    const body = await eventually(async () => {
      const b = await notificationsOf(bob);
      return b.notifications.length === 1 ? b : null;
    });
    expect(body).toMatchObject({ message: 'User notifications', unreadCount: 1, totalNotifications: 1 });
    expect(body.notifications[0]).toMatchObject({
      message: `${ann.username} is now following you.`,
      notificationType: 'follows',
      read: false,
      userTo: bob.userId,
      userFrom: { _id: ann.userId, username: ann.username, avatarColor: 'red' },
    });
    const [mail] = await eventually(async () => (mailsTo(bob).length > 0 ? mailsTo(bob) : null));
    expect(mail?.subject).toBe(`${ann.username} is now following you.`);
    expect(String(mail?.html)).toContain('Follower Notification');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(bob)).toHaveLength(1);
    expect((await notificationsOf(ann)).notifications).toEqual([]);
  });

  it('notifies a follow only the first time: following again after an unfollow sends nothing new', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
    for (let round = 0; round < 3; round++) {
      await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
      await api().put(`/api/v1/user/unfollow/${bob.userId}/${ann.userId}`).set(auth(ann)).expect(200);
    }
    // cat's follow comes after ann's rounds: once it is notified, so would ann's have been.
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(cat)).expect(200);
    await eventually(async () => mailsTo(bob).length === 2 && (await notificationsOf(bob)).notifications.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await notificationsOf(bob)).notifications.map((n: { userFrom: { _id: string } }) => n.userFrom._id)).toEqual([cat.userId, ann.userId]);
    expect(mailsTo(bob)).toHaveLength(2);
  });

  it('leaves notifications from a user out of the list while either blocks the other', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
    await eventually(async () => (await notificationsOf(bob)).notifications.length === 1);
    await api().put(`/api/v1/user/block/${ann.userId}`).set(auth(bob)).expect(200);
    expect(await notificationsOf(bob)).toMatchObject({ notifications: [], unreadCount: 0, totalNotifications: 0 });
    await api().put(`/api/v1/user/unblock/${ann.userId}`).set(auth(bob)).expect(200);
    expect(await notificationsOf(bob)).toMatchObject({ notifications: [{ userFrom: { _id: ann.userId } }], unreadCount: 1, totalNotifications: 1 });
  });

  it('sends neither notification nor e-mail when the followed user turned follow notifications off', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    const store = new MongoEventStore(sut.db, eventCatalog());
    const metadata = { commandId: uniqueName('settings'), now: new Date(), actorId: bob.userId, correlationId: 'c', causationId: null };
    await handleCommand(store, profileDecider, profileStreamId(bob.userId), {
      type: 'ChangeNotificationSettings',
      data: { userId: bob.userId, changes: { follows: false } },
      metadata,
    });
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
    await api().put(`/api/v1/user/follow/${ann.userId}`).set(auth(bob)).expect(200);
    await eventually(async () => (await notificationsOf(ann)).notifications.length === 1);
    expect((await notificationsOf(bob)).notifications).toEqual([]);
    expect(mailsTo(bob)).toHaveLength(0);
  });

  it('lets only the owner mark a notification read or delete it', async () => {
    const [ann, bob] = [await signUp(), await signUp()];
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
    const [notification] = (
      await eventually(async () => {
        const b = await notificationsOf(bob);
        return b.notifications.length === 1 ? b : null;
      })
    ).notifications;
    const id = notification._id as string;

    await api().put(`/api/v1/notification/${id}`).expect(401);
    expect((await api().put(`/api/v1/notification/${id}`).set(auth(ann)).expect(403)).body.message).toBe('You may only change your own notifications.');
    await api().delete(`/api/v1/notification/${id}`).set(auth(ann)).expect(403);
    await api().put(`/api/v1/notification/${id}`).set(auth(bob)).expect(200, { message: 'Notification marked as read' });
    expect(await notificationsOf(bob)).toMatchObject({ unreadCount: 0, notifications: [{ _id: id, read: true }] });
    await api().put(`/api/v1/notification/${id}`).set(auth(bob)).expect(200);
    await api().delete(`/api/v1/notification/${id}`).set(auth(bob)).expect(200, { message: 'Notification deleted successfully' });
    expect(await notificationsOf(bob)).toMatchObject({ notifications: [], totalNotifications: 0 });
    expect((await api().delete(`/api/v1/notification/${id}`).set(auth(bob)).expect(404)).body.message).toBe('Notification not found');
    await api().put('/api/v1/notification/unknown-id').set(auth(bob)).expect(404);
  });

  it('lists newest first and pages through them', async () => {
    const target = await signUp();
    const followers = await Promise.all(Array.from({ length: 3 }, signUp));
    for (const follower of followers) await api().put(`/api/v1/user/follow/${target.userId}`).set(auth(follower)).expect(200);
    const body = await eventually(async () => {
      const b = await notificationsOf(target);
      return b.notifications.length === 3 ? b : null;
    });
    expect(body.notifications.map((n: { userFrom: { _id: string } }) => n.userFrom._id)).toEqual(followers.map((f) => f.userId).reverse());
    expect((await notificationsOf(target, '?page=2')).notifications).toEqual([]);
    expect((await api().get('/api/v1/notifications?page=0').set(auth(target)).expect(400)).body.message).toBe('page must be a positive integer');
  });

  it('rebuilds the inbox from zero into the same read model', async () => {
    const [ann, bob, cat] = [await signUp(), await signUp(), await signUp()];
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(ann)).expect(200);
    await api().put(`/api/v1/user/follow/${bob.userId}`).set(auth(cat)).expect(200);
    const live = await eventually(async () => {
      const b = await notificationsOf(bob);
      return b.notifications.length === 2 ? b : null;
    });
    await api().put(`/api/v1/notification/${live.notifications[0]._id}`).set(auth(bob)).expect(200);
    const before = await notificationsOf(bob);
    const registry = new GenerationRegistry(sut.redis);
    const rebuilt = await startRebuild(sut.redis, 'notifications.inbox', 1);
    await eventually(async () => (await registry.active('notifications.inbox')) === rebuilt, 15_000, 'the rebuilt inbox');
    expect(await notificationsOf(bob)).toEqual(before);
  });
});
