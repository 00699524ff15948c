import request from 'supertest';
import { REACTION_TYPES, type ReactionType } from '@domain/posts';
import { reactionsProjection } from '@application/posts/reactions.projection';
import { GenerationRegistry } from '@infrastructure/projections/generation-registry';
import { connectClient, type RecordingClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventually, startTestSystemWithMail, type TestSystemWithMail } from '@test/support/test-system';
import { bearer, signUpUser, type TestUser } from '@test/support/users';
import { startRebuild } from '@test/support/rebuild';

type User = TestUser;
type Counts = Record<ReactionType, number>;
type Document = Record<string, unknown>;

const noCounts = (): Counts => ({ like: 0, love: 0, happy: 0, wow: 0, sad: 0, angry: 0 });

describe('comments and reactions (contract 2.5, 2.6) over a real port', () => {
  let sut: TestSystemWithMail;
  const api = () => request(sut.baseUrl);
  const auth = bearer;
  const clients: RecordingClient[] = [];

  beforeAll(async () => {
    sut = await startTestSystemWithMail();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => sut.stop());

  const signUp = () => signUpUser(sut.baseUrl, 'e');
  /*
   * On a busy machine the embedded store can answer a burst of sign-ups with 409 (an append that waited past the
   * sequencer's grace: the write path's known limit). Such a sign-up appended nothing that a new username trips on, so
   * another user is signed up instead, as a person would try again.
   */
  const signUpTrying = async (): Promise<User> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await signUp();
      } catch (error) {
        if (attempt === 5 || !String(error).includes('409')) throw error;
      }
    }
  };
  const signUpMany = async (count: number): Promise<User[]> => {
    const users: User[] = [];
    while (users.length < count) users.push(...(await Promise.all(Array.from({ length: Math.min(10, count - users.length) }, signUpTrying))));
    return users;
  };
  const publish = async (author: User, privacy: 'Public' | 'Followers' | 'Private' = 'Public'): Promise<string> => {
    const text = `post ${Math.random().toString(36).slice(2)}`;
    await api().post('/api/v1/post').set(auth(author)).send({ post: text, privacy }).expect(201);
    const { posts } = (await api().get('/api/v1/post/all/1').set(auth(author)).expect(200)).body as { posts: Array<{ _id: string; post: string }> };
    const created = posts.find((post) => post.post === text);
    if (!created) throw new Error('the new post is not in its author’s feed');
    return created._id;
  };
  const comment = (user: User, postId: string, text: string, userTo = 'ignored') =>
    api().post('/api/v1/post/comment').set(auth(user)).send({ userTo, postId, comment: text, commentsCount: 0, profilePicture: '' });
  const react = (user: User, postId: string, type: string) =>
    api()
      .post('/api/v1/post/reaction')
      .set(auth(user))
      .send({ userTo: 'ignored', postId, type, postReactions: { like: 99 }, profilePicture: '', previousReaction: '' });
  const unreact = (user: User, postId: string) =>
    api()
      .delete(`/api/v1/post/reaction/${postId}/like/${encodeURIComponent('{"like":-5}')}`)
      .set(auth(user));
  const commentsOf = async (viewer: User, postId: string): Promise<Document[]> =>
    (await api().get(`/api/v1/post/comments/${postId}`).set(auth(viewer)).expect(200)).body.comments;
  const reactionsOf = async (viewer: User, postId: string): Promise<{ reactions: Document[]; count: number }> =>
    (await api().get(`/api/v1/post/reactions/${postId}`).set(auth(viewer)).expect(200)).body;
  const countsInFeed = async (viewer: User, postId: string): Promise<{ reactions: Counts; commentsCount: number } | undefined> => {
    const { posts } = (await api().get('/api/v1/post/all/1').set(auth(viewer)).expect(200)).body as {
      posts: Array<{ _id: string; reactions: Counts; commentsCount: number }>;
    };
    return posts.find((post) => post._id === postId);
  };
  const follow = (from: User, to: User) => api().put(`/api/v1/user/follow/${to.userId}`).set(auth(from)).expect(200);
  const block = (from: User, to: User) => api().put(`/api/v1/user/block/${to.userId}`).set(auth(from)).expect(200);
  const socketOf = async (user: User): Promise<RecordingClient> => {
    const client = await connectClient(sut.baseUrl, { auth: { token: user.token } });
    clients.push(client);
    return client;
  };
  const forPost = (postId: string) => (payload: unknown) => (payload as { postId?: string }).postId === postId;
  const notificationsOf = async (user: User): Promise<Document[]> => (await api().get('/api/v1/notifications').set(auth(user)).expect(200)).body.notifications;
  const mailsTo = (user: User) => sut.smtp.received.filter((mail) => JSON.stringify(mail.to).includes(user.email));
  /**
   * Realtime messages go out in log order: once a post published now has reached `sockets` (a public post reaches every
   * signed-in socket its author does not block, nor is blocked by), every message about what happened before it has
   * too, so what they have not received by then will not come.
   */
  const laterPostReaches = async (author: User, ...sockets: RecordingClient[]): Promise<void> => {
    const postId = await publish(author);
    await Promise.all(sockets.map((client) => client.waitFor('add post', (post) => (post as { _id?: string })._id === postId)));
  };
  /**
   * Sends again after a 409. On the embedded FerretDB (SQLite), a burst of 200 commands can hold an append between its
   * two inserts past the sequencer's grace period, which gives the commit up: the request then answers 409 and
   * appended nothing. Counts must be exact whatever happened, so the burst re-sends those, as a user would.
   */
  const untilNotConflicting = async (send: () => request.Test): Promise<request.Response> => {
    for (let attempt = 1; ; attempt++) {
      const answer = await send();
      if (answer.status !== 409 || attempt === 5) return answer;
    }
  };

  describe('comments', () => {
    it('lists a post’s comments newest first, their writers’ names once each, and one comment', async () => {
      const [ann, bob, cat] = await Promise.all([signUp(), signUp(), signUp()]);
      const postId = await publish(ann);
      await comment(bob, postId, 'first').expect(200, { message: 'Comment created successfully' });
      await comment(cat, postId, 'second').expect(200);
      await comment(bob, postId, 'third').expect(200);

      const comments = await commentsOf(bob, postId);
      expect(comments.map((c) => c.comment)).toEqual(['third', 'second', 'first']);
      expect(comments[0]).toMatchObject({ postId, userId: bob.userId, userTo: ann.userId, username: bob.username, avatarColor: 'red', comment: 'third' });
      expect(Date.parse(String(comments[0]!.createdAt))).not.toBeNaN();

      const names = (await api().get(`/api/v1/post/commentsnames/${postId}`).set(auth(ann)).expect(200)).body;
      expect(names).toEqual({ message: 'Post comments names', comments: { count: 3, names: [bob.username, cat.username] } });
      const single = (await api().get(`/api/v1/post/single/comment/${postId}/${comments[1]!._id}`).set(auth(ann)).expect(200)).body;
      expect(single).toEqual({ message: 'Single comment', comments: comments[1] });
      const missing = await api().get(`/api/v1/post/single/comment/${postId}/no-such-comment`).set(auth(ann)).expect(404);
      expect(missing.body.message).toBe('Comment not found');
      expect(await eventually(async () => ((await countsInFeed(ann, postId))?.commentsCount === 3 ? true : null))).toBe(true);
    });

    it('lets a comment’s author edit it, its author or the post’s author delete it, and nobody else', async () => {
      const [ann, bob, cat] = await Promise.all([signUp(), signUp(), signUp()]);
      const postId = await publish(ann);
      await comment(bob, postId, 'mine').expect(200);
      await comment(bob, postId, 'another').expect(200);
      const [another, mine] = await commentsOf(bob, postId);
      const edit = (user: User, id: unknown) =>
        api()
          .put(`/api/v1/post/comment/${String(id)}`)
          .set(auth(user))
          .send({ comment: 'edited' });
      const remove = (user: User, id: unknown) =>
        api()
          .delete(`/api/v1/post/comment/${String(id)}`)
          .set(auth(user));

      expect((await edit(cat, mine!._id).expect(403)).body.message).toBe('You may not edit this comment.');
      await edit(ann, mine!._id).expect(403);
      expect((await remove(cat, mine!._id).expect(403)).body.message).toBe('You may not delete this comment.');
      await edit(bob, mine!._id).expect(200, { message: 'Comment updated successfully' });
      expect((await commentsOf(bob, postId)).map((c) => c.comment)).toEqual(['another', 'edited']);

      await remove(ann, mine!._id).expect(200, { message: 'Comment deleted successfully' });
      await remove(bob, another!._id).expect(200);
      expect(await commentsOf(bob, postId)).toEqual([]);
      expect((await edit(bob, mine!._id).expect(404)).body.message).toBe('Comment not found');
      await remove(ann, 'no-such-comment').expect(404);
    });

    it('makes a retried comment (same Idempotency-Key) one comment', async () => {
      const [ann, bob] = await Promise.all([signUp(), signUp()]);
      const postId = await publish(ann);
      const send = () =>
        api().post('/api/v1/post/comment').set(auth(bob)).set('Idempotency-Key', 'same-key').send({ userTo: ann.userId, postId, comment: 'once' }).expect(200);
      await send();
      await send();
      expect((await commentsOf(bob, postId)).map((c) => c.comment)).toEqual(['once']);
    });
  });

  describe('reactions', () => {
    it('adds, replaces and removes a user’s one reaction, with the server’s counts', async () => {
      const [ann, bob] = await Promise.all([signUp(), signUp()]);
      const postId = await publish(ann);
      const single = async () => (await api().get(`/api/v1/post/single/reaction/username/${bob.username}/${postId}`).set(auth(ann)).expect(200)).body;
      expect(await single()).toEqual({ message: 'Single post reaction by username', reactions: {}, count: 0 });

      await react(bob, postId, 'like').expect(200, { message: 'Reaction added successfully' });
      await react(bob, postId, 'love').expect(200);
      await react(bob, postId, 'love').expect(200);
      const { reactions, count } = await reactionsOf(bob, postId);
      expect(count).toBe(1);
      expect(reactions).toEqual([
        {
          _id: expect.any(String),
          postId,
          type: 'love',
          username: bob.username,
          avatarColor: 'red',
          profilePicture: expect.any(String),
          createdAt: expect.any(String),
          userTo: ann.userId,
        },
      ]);
      expect(await countsInFeed(bob, postId)).toMatchObject({ reactions: { ...noCounts(), love: 1 } });
      const seen = await eventually(async () => {
        const body = await single();
        return body.count === 1 ? body : null;
      });
      expect(seen).toEqual({ message: 'Single post reaction by username', reactions: reactions[0], count: 1 });
      const byUser = (await api().get(`/api/v1/post/reactions/username/${bob.username.toUpperCase()}`).set(auth(bob)).expect(200)).body;
      expect(byUser).toEqual({ message: 'All user reactions by username', reactions });

      await unreact(bob, postId).expect(200, { message: 'Reaction removed from post' });
      expect(await reactionsOf(bob, postId)).toMatchObject({ reactions: [], count: 0 });
      expect(await countsInFeed(bob, postId)).toMatchObject({ reactions: noCounts() });
      // Removing it again (a double click) changes nothing, and is no error.
      await unreact(bob, postId).expect(200, { message: 'Reaction removed from post' });
      expect(await reactionsOf(bob, postId)).toMatchObject({ reactions: [], count: 0 });
      expect(await countsInFeed(bob, postId)).toMatchObject({ reactions: noCounts() });
      expect((await api().get(`/api/v1/post/reactions/username/${bob.username}`).set(auth(bob)).expect(200)).body.reactions).toEqual([]);
    });

    it('keeps exact counts under 200 concurrent reactions by 200 users, with changes of type, and after a rebuild', async () => {
      const author = await signUp();
      const postId = await publish(author);
      const users = await signUpMany(200);
      const first = users.map((user, index) => REACTION_TYPES[index % REACTION_TYPES.length]!);
      const answers = await Promise.all(users.map((user, index) => untilNotConflicting(() => react(user, postId, first[index]!))));
      expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.body)).toEqual([]);
      // Half change their type, a quarter of those remove it, all at once.
      const final: Array<ReactionType | null> = [...first];
      const changes = users.map((user, index) => {
        if (index % 2 === 1) return Promise.resolve(null);
        if (index % 8 === 0) {
          final[index] = null;
          return untilNotConflicting(() => unreact(user, postId));
        }
        const type = REACTION_TYPES[(index + 1) % REACTION_TYPES.length]!;
        final[index] = type;
        return untilNotConflicting(() => react(user, postId, type));
      });
      expect((await Promise.all(changes)).filter((answer) => answer !== null && answer.status !== 200).map((answer) => answer?.body)).toEqual([]);
      const expected = noCounts();
      for (const type of final) if (type) expected[type] += 1;
      const total = Object.values(expected).reduce((sum, n) => sum + n, 0);

      const live = await eventually(async () => {
        const post = await countsInFeed(author, postId);
        return post && JSON.stringify(post.reactions) === JSON.stringify(expected) ? post : null;
      }, 30_000);
      expect(live.reactions).toEqual(expected);
      expect((await reactionsOf(author, postId)).count).toBe(total);
      expect((await reactionsOf(author, postId)).reactions).toHaveLength(100);

      const registry = new GenerationRegistry(sut.redis);
      const rebuilt = await startRebuild(sut.redis, reactionsProjection.name, reactionsProjection.version);
      await eventually(async () => (await registry.active(reactionsProjection.name)) === rebuilt, 180_000, 'the rebuilt reactions');
      expect((await countsInFeed(author, postId))?.reactions).toEqual(expected);
      expect((await reactionsOf(author, postId)).count).toBe(total);
      const someone = users[2]!;
      const own = (await api().get(`/api/v1/post/single/reaction/username/${someone.username}/${postId}`).set(auth(author)).expect(200)).body;
      expect(own).toMatchObject({ reactions: { type: final[2] }, count: 1 });
    }, 400_000);
  });

  it('removes every comment and reaction key of a deleted post', async () => {
    const [ann, bob] = await Promise.all([signUp(), signUp()]);
    const postId = await publish(ann);
    await react(bob, postId, 'like').expect(200);
    await react(bob, postId, 'angry').expect(200);
    await comment(bob, postId, 'bye').expect(200);
    const keysOf = async (projection: string) => (await sut.redis.keys(`rm:{${projection}}:*`)).filter((key) => key.includes(postId));
    await eventually(async () => (await keysOf('posts.reactions')).length > 0 && (await keysOf('posts.comments')).length > 0);
    await api().delete(`/api/v1/post/${postId}`).set(auth(ann)).expect(200);
    await eventually(async () => (await keysOf('posts.reactions')).length === 0 && (await keysOf('posts.comments')).length === 0, 30_000, 'no key of the post');
    const reacted = await sut.redis.keys(`rm:{posts.reactions}:*reacted:${bob.userId}`);
    for (const key of reacted) expect(await sut.redis.zrange(key, 0, -1)).not.toContain(postId);
    expect((await api().get(`/api/v1/post/reactions/username/${bob.username}`).set(auth(bob)).expect(200)).body.reactions).toEqual([]);
    await react(bob, postId, 'like').expect(404);
  });

  describe('who may see them', () => {
    const everyRoute = (viewer: User, postId: string, owner: User) => [
      api().get(`/api/v1/post/comments/${postId}`).set(auth(viewer)),
      api().get(`/api/v1/post/commentsnames/${postId}`).set(auth(viewer)),
      api().get(`/api/v1/post/single/comment/${postId}/any`).set(auth(viewer)),
      api().get(`/api/v1/post/reactions/${postId}`).set(auth(viewer)),
      api().get(`/api/v1/post/single/reaction/username/${owner.username}/${postId}`).set(auth(viewer)),
      comment(viewer, postId, 'let me in'),
      react(viewer, postId, 'like'),
      unreact(viewer, postId),
    ];
    const expectNotFoundEverywhere = async (viewer: User, postId: string, owner: User) => {
      for (const answer of await Promise.all(everyRoute(viewer, postId, owner))) {
        expect(answer.status).toBe(404);
        expect(answer.body.message).toBe('Post not found');
      }
    };

    it('answers 404 on every route for a private post, a followers-only post of someone not followed, and after a block either way', async () => {
      const [ann, bob, cat, dan] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
      const privatePost = await publish(ann, 'Private');
      const followersPost = await publish(ann, 'Followers');
      const publicPost = await publish(ann);
      await react(ann, privatePost, 'wow').expect(200);
      await react(ann, publicPost, 'happy').expect(200);
      await comment(ann, privatePost, 'note to self').expect(200);

      await expectNotFoundEverywhere(bob, privatePost, ann);
      await expectNotFoundEverywhere(bob, followersPost, ann);
      // Another user's reads see ann's reactions once the read model has them (read-your-writes is for one's own).
      const annReactions = await eventually(async () => {
        const { reactions } = (await api().get(`/api/v1/post/reactions/username/${ann.username}`).set(auth(bob)).expect(200)).body as { reactions: Document[] };
        return reactions.length > 0 ? reactions : null;
      });
      expect(annReactions.map((r) => r.postId)).toEqual([publicPost]);

      await follow(bob, ann);
      await eventually(async () => (await api().get(`/api/v1/post/comments/${followersPost}`).set(auth(bob))).status === 200);
      await comment(bob, followersPost, 'hello').expect(200);

      await block(ann, cat);
      await eventually(async () => (await api().get(`/api/v1/post/comments/${publicPost}`).set(auth(cat))).status === 404);
      await expectNotFoundEverywhere(cat, publicPost, ann);
      await block(dan, ann);
      await expectNotFoundEverywhere(dan, publicPost, ann);
      expect((await api().get(`/api/v1/post/reactions/username/${ann.username}`).set(auth(dan)).expect(200)).body.reactions).toEqual([]);
      expect((await reactionsOf(ann, publicPost)).count).toBe(1);
    });

    it('leaves a blocked user’s comments and reactions out of the other’s reads', async () => {
      const [ann, bob, cat, dan] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
      const postId = await publish(ann);
      await comment(bob, postId, 'from bob').expect(200);
      await comment(cat, postId, 'from cat').expect(200);
      await react(bob, postId, 'like').expect(200);
      await react(cat, postId, 'sad').expect(200);
      await block(dan, cat);

      await eventually(async () => (await commentsOf(dan, postId)).length === 1);
      expect((await commentsOf(dan, postId)).map((c) => c.comment)).toEqual(['from bob']);
      expect((await api().get(`/api/v1/post/commentsnames/${postId}`).set(auth(dan)).expect(200)).body.comments).toEqual({ count: 1, names: [bob.username] });
      const seen = await reactionsOf(dan, postId);
      expect(seen.reactions.map((r) => r.username)).toEqual([bob.username]);
      expect(seen.count).toBe(1);
      const single = (await api().get(`/api/v1/post/single/reaction/username/${cat.username}/${postId}`).set(auth(dan)).expect(200)).body;
      expect(single).toMatchObject({ reactions: {}, count: 0 });
      expect((await api().get(`/api/v1/post/reactions/username/${cat.username}`).set(auth(dan)).expect(200)).body.reactions).toEqual([]);
      expect((await commentsOf(ann, postId)).map((c) => c.comment)).toEqual(['from cat', 'from bob']);
      expect((await reactionsOf(ann, postId)).count).toBe(2);
    });

    it('sends `update like` and `update comment` with the server’s counts to the post’s audience only', async () => {
      const [ann, follower, stranger, blocked, wary, herald] = await Promise.all([signUp(), signUp(), signUp(), signUp(), signUp(), signUp()]);
      await follow(follower, ann);
      await block(ann, blocked);
      await block(wary, stranger);
      const followersPost = await publish(ann, 'Followers');
      const publicPost = await publish(ann);
      const [annSocket, followerSocket, strangerSocket, blockedSocket, warySocket] = await Promise.all([
        socketOf(ann),
        socketOf(follower),
        socketOf(stranger),
        socketOf(blocked),
        socketOf(wary),
      ]);

      await react(follower, followersPost, 'love').expect(200);
      const [like] = await annSocket.waitFor('update like', forPost(followersPost));
      expect(like).toMatchObject({
        postId: followersPost,
        postReactions: { ...noCounts(), love: 1 },
        userTo: ann.userId,
        type: 'love',
        previousReaction: '',
        username: follower.username,
      });
      await followerSocket.waitFor('update like', forPost(followersPost));
      await comment(follower, followersPost, 'hi').expect(200);
      const [update] = await annSocket.waitFor('update comment', forPost(followersPost));
      expect(update).toMatchObject({ postId: followersPost, commentsCount: 1, userTo: ann.userId });

      await react(stranger, publicPost, 'wow').expect(200);
      await comment(stranger, publicPost, 'hey').expect(200);
      await followerSocket.waitFor('update comment', forPost(publicPost));
      expect((await annSocket.waitFor('update like', forPost(publicPost)))[0]).toMatchObject({ username: stranger.username });
      // A user who blocks the reactor learns the new counts, not who reacted.
      const [counted] = await warySocket.waitFor('update like', forPost(publicPost));
      expect(counted).toMatchObject({ postReactions: { ...noCounts(), wow: 1 }, username: '', avatarColor: '', profilePicture: '' });
      // Anything about the reactions and comments above would have reached them before a post published after them.
      await laterPostReaches(herald, strangerSocket, blockedSocket);
      const about = (client: RecordingClient, postId: string) => client.received.filter((message) => forPost(postId)(message.args[0]));
      expect(about(strangerSocket, followersPost)).toEqual([]);
      expect(about(blockedSocket, followersPost)).toEqual([]);
      expect(about(blockedSocket, publicPost)).toEqual([]);

      // The client's own messages are never relayed: the server answers the `setup` sent after them once it has
      // handled them, and a later post reaches the follower after anything they would have caused.
      const answered = strangerSocket.received.length;
      strangerSocket.socket.emit('reaction', { postId: publicPost, postReactions: { like: 1000 } });
      strangerSocket.socket.emit('comment', { postId: publicPost, commentsCount: 1000 });
      strangerSocket.socket.emit('setup', { userId: stranger.userId });
      await strangerSocket.waitFor('user online', undefined, { after: answered });
      await laterPostReaches(herald, followerSocket);
      // Matched by the counts the client made up, never by text: a random id can contain "1000".
      const carriesMadeUpCounts = (payload: unknown) => {
        const counts = payload as { postReactions?: { like?: number }; commentsCount?: number } | undefined;
        return counts?.postReactions?.like === 1000 || counts?.commentsCount === 1000;
      };
      const relayed = (client: RecordingClient) => client.received.filter((message) => carriesMadeUpCounts(message.args[0]));
      expect(relayed(followerSocket)).toEqual([]);
      expect(relayed(annSocket)).toEqual([]);
    });
  });

  describe('notifications', () => {
    it('notifies and e-mails the post’s author once per user’s first reaction, and each comment', async () => {
      const [ann, bob, cat, dan] = await Promise.all([signUp(), signUp(), signUp(), signUp()]);
      const postId = await publish(ann);
      await react(bob, postId, 'like').expect(200);
      await react(bob, postId, 'love').expect(200);
      await unreact(bob, postId).expect(200);
      await react(bob, postId, 'sad').expect(200);
      await react(ann, postId, 'happy').expect(200);
      await comment(ann, postId, 'my own').expect(200);
      // cat comes last: once cat's reaction is notified, so would any of bob's have been.
      await react(cat, postId, 'wow').expect(200);
      await comment(cat, postId, 'nice post').expect(200);

      const notifications = await eventually(async () => {
        const list = await notificationsOf(ann);
        return list.length >= 3 && mailsTo(ann).length >= 3 ? list : null;
      }, 15_000);
      // A later comment is notified after whatever the events above caused: by then, nothing else was.
      await comment(dan, postId, 'later').expect(200);
      const withLater = await eventually(async () => {
        const list = await notificationsOf(ann);
        return list.some((n) => n.comment === 'later') && mailsTo(ann).length >= 4 ? list : null;
      }, 15_000);
      expect(withLater).toEqual([expect.objectContaining({ notificationType: 'comment', comment: 'later' }), ...notifications]);
      expect(notifications.map((n) => [n.notificationType, (n.userFrom as { _id: string })._id])).toEqual([
        ['comment', cat.userId],
        ['reactions', cat.userId],
        ['reactions', bob.userId],
      ]);
      const commentNotice = notifications[0]!;
      expect(commentNotice).toMatchObject({
        message: `${cat.username} commented on your post.`,
        comment: 'nice post',
        entityId: postId,
        post: expect.any(String),
      });
      expect(String(commentNotice.post)).toMatch(/^post /);
      expect(notifications[2]).toMatchObject({ message: `${bob.username} reacted to your post.`, reaction: 'like', entityId: postId });
      expect(
        mailsTo(ann)
          .map((mail) => mail.subject)
          .sort(),
      ).toEqual(['Post notification', 'Post notification', 'Post reaction notification', 'Post reaction notification']);
      expect(String(mailsTo(ann).find((mail) => mail.subject === 'Post notification')?.html)).toContain('Comment Notification');
      expect(await notificationsOf(bob)).toEqual([]);
    });

    it('sends nothing for reactions when the author turned reaction notifications off', async () => {
      const [ann, bob, cat] = await Promise.all([signUp(), signUp(), signUp()]);
      await api().put('/api/v1/user/profile/settings').set(auth(ann)).send({ reactions: false }).expect(200);
      const postId = await publish(ann);
      await react(bob, postId, 'like').expect(200);
      await comment(bob, postId, 'still notified').expect(200);
      await eventually(async () => (await notificationsOf(ann)).length >= 1 && mailsTo(ann).length >= 1, 15_000, 'the comment’s notification and e-mail');
      expect((await notificationsOf(ann)).map((n) => n.notificationType)).toEqual(['comment']);
      expect(mailsTo(ann).map((mail) => mail.subject)).toEqual(['Post notification']);
      // A later comment is notified and e-mailed after whatever the reaction caused: by then, nothing else was.
      await comment(cat, postId, 'later').expect(200);
      await eventually(async () => (await notificationsOf(ann)).length >= 2 && mailsTo(ann).length >= 2, 15_000, 'the later comment’s notification and e-mail');
      expect((await notificationsOf(ann)).map((n) => [n.notificationType, n.comment])).toEqual([
        ['comment', 'later'],
        ['comment', 'still notified'],
      ]);
      expect(mailsTo(ann).map((mail) => mail.subject)).toEqual(['Post notification', 'Post notification']);
    });
  });

  describe('bad input', () => {
    it('refuses bad bodies with 400 and appends nothing', async () => {
      const [ann, bob] = await Promise.all([signUp(), signUp()]);
      const postId = await publish(ann);
      const body = { userTo: ann.userId, postId, comment: 'ok' };
      const badComments: Array<[Record<string, unknown>, string]> = [
        [{ postId, comment: 'x' }, 'userTo is a required property'],
        [{ userTo: ann.userId, comment: 'x' }, 'postId is a required property'],
        [{ userTo: ann.userId, postId }, 'comment is a required property'],
        [{ ...body, comment: '   ' }, 'comment is a required property'],
        [{ ...body, comment: 5 }, '"comment" must be a string'],
        [{ ...body, comment: 'x'.repeat(1001) }, 'comment must be at most 1000 characters long'],
        [{ ...body, commentsCount: 'many' }, '"commentsCount" must be a number'],
        [{ ...body, extra: 1 }, '"extra" is not allowed'],
      ];
      for (const [sent, message] of badComments)
        expect((await api().post('/api/v1/post/comment').set(auth(bob)).send(sent).expect(400)).body.message).toBe(message);
      const reaction = { userTo: ann.userId, postId, type: 'like' };
      const badReactions: Array<[Record<string, unknown>, string]> = [
        [{ userTo: ann.userId, postId }, 'Reaction type is a required property'],
        [{ ...reaction, type: 'meh' }, 'Reaction type must be one of like, love, happy, wow, sad, angry'],
        [{ ...reaction, type: 3 }, 'Reaction type must be one of like, love, happy, wow, sad, angry'],
        [{ postId, type: 'like' }, 'userTo is a required property'],
        [{ ...reaction, postId: 7 }, '"postId" must be a string'],
        [{ ...reaction, postReactions: 'lots' }, '"postReactions" must be an object'],
        [{ ...reaction, sneaky: true }, '"sneaky" is not allowed'],
      ];
      for (const [sent, message] of badReactions)
        expect((await api().post('/api/v1/post/reaction').set(auth(bob)).send(sent).expect(400)).body.message).toBe(message);
      await api().post('/api/v1/post/reaction').set(auth(bob)).set('Content-Type', 'text/plain').send('like').expect(415);

      await comment(bob, postId, 'fine').expect(200);
      const [fine] = await commentsOf(bob, postId);
      for (const [sent, message] of [
        [{}, 'comment is a required property'],
        [{ comment: 'x'.repeat(1001) }, 'comment must be at most 1000 characters long'],
        [{ comment: 'ok', postId }, '"postId" is not allowed'],
      ] as const)
        expect(
          (
            await api()
              .put(`/api/v1/post/comment/${String(fine!._id)}`)
              .set(auth(bob))
              .send(sent)
              .expect(400)
          ).body.message,
        ).toBe(message);

      expect((await commentsOf(ann, postId)).map((c) => c.comment)).toEqual(['fine']);
      expect(await reactionsOf(ann, postId)).toMatchObject({ reactions: [], count: 0 });
      expect(
        (
          await api()
            .post('/api/v1/post/comment')
            .set(auth(bob))
            .send({ ...body, postId: 'no-such-post' })
            .expect(404)
        ).body.message,
      ).toBe('Post not found');
      await react(bob, 'no-such-post', 'like').expect(404);
    });

    it('answers 401 without a session on every route', async () => {
      const routes = [
        api().get('/api/v1/post/comments/p'),
        api().get('/api/v1/post/commentsnames/p'),
        api().get('/api/v1/post/single/comment/p/c'),
        api().post('/api/v1/post/comment').send({ userTo: 'u', postId: 'p', comment: 'c' }),
        api().put('/api/v1/post/comment/c').send({ comment: 'c' }),
        api().delete('/api/v1/post/comment/c'),
        api().get('/api/v1/post/reactions/p'),
        api().get('/api/v1/post/single/reaction/username/someone/p'),
        api().get('/api/v1/post/reactions/username/someone'),
        api().post('/api/v1/post/reaction').send({ userTo: 'u', postId: 'p', type: 'like' }),
        api().delete('/api/v1/post/reaction/p/like/%7B%7D'),
      ];
      for (const answer of await Promise.all(routes)) expect(answer.status).toBe(401);
    });
  });
});
