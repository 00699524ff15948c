import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
import {
  CommentNotFound,
  commentDecider,
  NotCommentAuthor,
  maySee,
  NotPostAuthor,
  PostNotFound,
  PRIVACIES,
  postDecider,
  reactionDecider,
  type CommentEvent,
  type PostContent,
  type PostEvent,
  type ReactionEvent,
} from './index';

const metadata = commandMetadata();
const at = metadata.now.toISOString();
const image = { id: 'posts/p1-image', version: '7', url: 'http://media/p1.png' };
const video = { id: 'posts/p1-video', version: '9', url: 'http://media/p1.mp4' };
const content: PostContent = { post: 'hello', bgColor: '#fff', privacy: 'Public', feelings: 'happy', gifUrl: '', image: null, video: null };
const created = (overrides: Partial<PostContent> = {}): PostEvent => ({
  type: 'PostCreated',
  data: { postId: 'p1', authorId: 'ann', ...content, ...overrides, createdAt: at },
});

describe('a post', () => {
  const spec = specify(postDecider);
  const edit = (editorId: string, changes: object) => ({ type: 'EditPost' as const, data: { postId: 'p1', editorId, changes }, metadata });
  const remove = (deleterId: string) => ({ type: 'DeletePost' as const, data: { postId: 'p1', deleterId }, metadata });

  it('is created once: a retried create appends nothing', () => {
    spec
      .given([])
      .when({ type: 'CreatePost', data: { postId: 'p1', authorId: 'ann', content }, metadata })
      .then([created()]);
    spec
      .given([created()])
      .when({ type: 'CreatePost', data: { postId: 'p1', authorId: 'ann', content }, metadata })
      .then([]);
  });

  it('is edited by its author only', () => {
    spec
      .given([created()])
      .when(edit('bob', { post: 'mine now' }))
      .thenThrows(NotPostAuthor);
    spec
      .given([])
      .when(edit('ann', { post: 'x' }))
      .thenThrows(PostNotFound);
  });

  it('keeps its video when only the text is edited, and its image when no new image comes', () => {
    spec
      .given([created({ video })])
      .when(edit('ann', { post: 'new text', privacy: 'Private' }))
      .then([
        {
          type: 'PostEdited',
          data: {
            postId: 'p1',
            authorId: 'ann',
            ...content,
            post: 'new text',
            privacy: 'Private',
            video,
            addedMedia: [],
            replacedMedia: [],
            createdAt: at,
            editedAt: at,
          },
        },
      ]);
    spec
      .given([created({ image })])
      .when(edit('ann', { feelings: 'loved' }))
      .then([
        {
          type: 'PostEdited',
          data: { postId: 'p1', authorId: 'ann', ...content, feelings: 'loved', image, addedMedia: [], replacedMedia: [], createdAt: at, editedAt: at },
        },
      ]);
  });

  it('shows one medium: a new image replaces the video, and the replaced medium is named for removal', () => {
    spec
      .given([created({ video })])
      .when(edit('ann', { image }))
      .then([
        {
          type: 'PostEdited',
          data: {
            postId: 'p1',
            authorId: 'ann',
            ...content,
            image,
            video: null,
            addedMedia: [{ id: image.id, kind: 'image' }],
            replacedMedia: [{ id: video.id, kind: 'video' }],
            createdAt: at,
            editedAt: at,
          },
        },
      ]);
    const newImage = { id: 'posts/p1-image-2', version: '8', url: 'http://media/p1-2.png' };
    spec
      .given([created({ image })])
      .when(edit('ann', { image: newImage }))
      .then([
        {
          type: 'PostEdited',
          data: {
            postId: 'p1',
            authorId: 'ann',
            ...content,
            image: newImage,
            addedMedia: [{ id: newImage.id, kind: 'image' }],
            replacedMedia: [{ id: image.id, kind: 'image' }],
            createdAt: at,
            editedAt: at,
          },
        },
      ]);
  });

  it('is deleted by its author only, naming its media for removal, and is gone after', () => {
    spec
      .given([created({ image })])
      .when(remove('bob'))
      .thenThrows(NotPostAuthor);
    spec
      .given([created({ image })])
      .when(remove('ann'))
      .then([{ type: 'PostDeleted', data: { postId: 'p1', authorId: 'ann', media: [{ id: image.id, kind: 'image' }], deletedAt: at } }]);
    const deleted: PostEvent = { type: 'PostDeleted', data: { postId: 'p1', authorId: 'ann', media: [], deletedAt: at } };
    spec.given([created(), deleted]).when(remove('ann')).thenThrows(PostNotFound);
    spec
      .given([created(), deleted])
      .when(edit('ann', { post: 'back' }))
      .thenThrows(PostNotFound);
  });
});

describe('a comment', () => {
  const spec = specify(commentDecider);
  const added: CommentEvent = {
    type: 'CommentAdded',
    data: { commentId: 'c1', postId: 'p1', postAuthorId: 'ann', authorId: 'bob', comment: 'nice', addedAt: at },
  };
  const remove = (deleterId: string) => ({ type: 'DeleteComment' as const, data: { commentId: 'c1', deleterId }, metadata });

  it('is added once', () => {
    const add = { type: 'AddComment' as const, data: { commentId: 'c1', postId: 'p1', postAuthorId: 'ann', authorId: 'bob', comment: 'nice' }, metadata };
    spec.given([]).when(add).then([added]);
    spec.given([added]).when(add).then([]);
  });

  it("is edited by its author only, and not by the post's author", () => {
    spec
      .given([added])
      .when({ type: 'EditComment', data: { commentId: 'c1', editorId: 'bob', comment: 'very nice' }, metadata })
      .then([{ type: 'CommentEdited', data: { commentId: 'c1', postId: 'p1', authorId: 'bob', comment: 'very nice', editedAt: at } }]);
    spec
      .given([added])
      .when({ type: 'EditComment', data: { commentId: 'c1', editorId: 'ann', comment: 'meh' }, metadata })
      .thenThrows(NotCommentAuthor);
  });

  it("is deleted by its author or by the post's author, and by no one else", () => {
    const deletedBy = (deleter: string): CommentEvent => ({
      type: 'CommentDeleted',
      data: { commentId: 'c1', postId: 'p1', authorId: 'bob', deletedBy: deleter, deletedAt: at },
    });
    spec
      .given([added])
      .when(remove('bob'))
      .then([deletedBy('bob')]);
    spec
      .given([added])
      .when(remove('ann'))
      .then([deletedBy('ann')]);
    spec.given([added]).when(remove('eve')).thenThrows(NotCommentAuthor);
    spec
      .given([added, deletedBy('bob')])
      .when(remove('bob'))
      .thenThrows(CommentNotFound);
  });
});

describe("a user's reaction to a post", () => {
  const spec = specify(reactionDecider);
  const give = (type: 'like' | 'love') => ({ type: 'GiveReaction' as const, data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type }, metadata });
  const given = (type: 'like' | 'love', previousType: 'like' | 'love' | null): ReactionEvent => ({
    type: 'ReactionGiven',
    data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type, previousType, givenAt: at },
  });

  it('is one per user: a new type replaces the old one, named in the same event', () => {
    spec
      .given([])
      .when(give('like'))
      .then([given('like', null)]);
    spec
      .given([given('like', null)])
      .when(give('love'))
      .then([given('love', 'like')]);
  });

  it('appends nothing when the same type is given again', () =>
    spec
      .given([given('like', null)])
      .when(give('like'))
      .then([]));

  it('is removed only when there is one, and removing none appends nothing (a second click is not an error)', () => {
    const remove = { type: 'RemoveReaction' as const, data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann' }, metadata };
    const removed: ReactionEvent = { type: 'ReactionRemoved', data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type: 'love', removedAt: at } };
    spec
      .given([given('love', 'like')])
      .when(remove)
      .then([removed]);
    spec.given([]).when(remove).then([]);
    spec
      .given([given('love', 'like'), removed])
      .when(remove)
      .then([]);
  });
});

describe('who may see a post', () => {
  const stranger = { follows: false, blocked: false };
  const follower = { follows: true, blocked: false };
  const blocked = { follows: false, blocked: true };

  it.each([
    ['Public', stranger, true],
    ['Public', follower, true],
    ['Public', blocked, false],
    ['Followers', stranger, false],
    ['Followers', follower, true],
    ['Followers', blocked, false],
    ['Private', stranger, false],
    ['Private', follower, false],
  ] as const)('a %s post, a viewer who %o: %s', (privacy, standing, expected) => {
    expect(maySee('bob', { authorId: 'ann', privacy }, standing)).toBe(expected);
  });

  it('the author always sees their own posts', () => {
    for (const privacy of PRIVACIES) expect(maySee('ann', { authorId: 'ann', privacy }, { follows: false, blocked: false })).toBe(true);
  });
});
