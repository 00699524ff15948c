import type { AccountEvent } from '@domain/identity';
import { PRIVACIES, type PostContent, type PostEvent, type Privacy } from '@domain/posts';
import { defineProjection, rm, type ReadModelWrite } from '@application/shared/projection';

export const POSTS_PROJECTION = 'posts.feeds';

export type Feed = 'all' | 'images' | 'videos';

export const postKeys = {
  /** A live post's fields (the contract's post document without its author card and counts). */
  post: (postId: string) => `post:${postId}`,
  /** Post ids scored by the position of their creation: newest first is a reverse range. */
  feed: (feed: Feed) => `feed:${feed}`,
  /** One author's live posts, same scores: the profile page, and `postsCount` as its size. */
  postsOf: (authorId: string) => `posts-of:${authorId}`,
  /** Post ids by privacy: every public post, and each author's posts of each privacy (what a reader may count). */
  everyPublicPost: 'audience:Public',
  audience: (authorId: string, privacy: Privacy) => `audience:${privacy}:${authorId}`,
  /** Field = post id, value = `<authorId> <privacy>`: who may see each live post, for filtering a feed in one read. */
  audiences: 'audiences',
  /** What a post shows of its author. */
  author: (userId: string) => `author:${userId}`,
};

/** The value of a post's field in `audiences`. */
export const audienceValue = (authorId: string, privacy: Privacy): string => `${authorId} ${privacy}`;

const fieldsOf = (content: PostContent): Record<string, string> => ({
  post: content.post,
  bgColor: content.bgColor,
  privacy: content.privacy,
  feelings: content.feelings,
  gifUrl: content.gifUrl,
  imgId: content.image?.id ?? '',
  imgVersion: content.image?.version ?? '',
  imageUrl: content.image?.url ?? '',
  videoId: content.video?.id ?? '',
  videoVersion: content.video?.version ?? '',
  videoUrl: content.video?.url ?? '',
});

/** What `post:<postId>` holds of a post, from its creation or its latest edit. */
export const storedFieldsOf = (data: PostContent & Readonly<{ postId: string; authorId: string; createdAt: string }>): Record<string, string> => ({
  postId: data.postId,
  authorId: data.authorId,
  ...fieldsOf(data),
  createdAt: data.createdAt,
});

/** The image feed holds posts with an image or a GIF, as the client's photo stream expects. */
const hasImage = (content: PostContent): boolean => content.image !== null || content.gifUrl !== '';

/** Puts the post in the media feeds its content belongs to (with its creation score) and takes it out of the others. */
const mediaFeeds = (postId: string, content: PostContent): ReadModelWrite[] => [
  hasImage(content) ? rm.sortedCopy(postKeys.feed('all'), postKeys.feed('images'), postId) : rm.sortedRemove(postKeys.feed('images'), postId),
  content.video ? rm.sortedCopy(postKeys.feed('all'), postKeys.feed('videos'), postId) : rm.sortedRemove(postKeys.feed('videos'), postId),
];

const leaveAudiences = (authorId: string, postId: string): ReadModelWrite[] => [
  rm.hashDelete(postKeys.audiences, postId),
  rm.setRemove(postKeys.everyPublicPost, postId),
  ...PRIVACIES.map((privacy) => rm.setRemove(postKeys.audience(authorId, privacy), postId)),
];

const joinAudience = (authorId: string, postId: string, privacy: Privacy): ReadModelWrite[] => [
  rm.hashSet(postKeys.audiences, { [postId]: audienceValue(authorId, privacy) }),
  ...(privacy === 'Public' ? [rm.setAdd(postKeys.everyPublicPost, postId)] : []),
  rm.setAdd(postKeys.audience(authorId, privacy), postId),
];

/** Version 2: `audiences`, who may see each post, in one hash. */
export const postsProjection = defineProjection<PostEvent | AccountEvent>(POSTS_PROJECTION, 2, {
  AccountRegistered: ({ data }) => [
    rm.hashSet(postKeys.author(data.userId), { username: data.username, avatarColor: data.avatarColor, profilePicture: data.profilePicture, uId: data.uId }),
  ],
  ProfilePictureChanged: ({ data }) => [rm.hashSet(postKeys.author(data.userId), { profilePicture: data.profilePicture })],
  PostCreated: (event) => {
    const { postId, authorId } = event.data;
    const score = event.metadata.globalPosition;
    return [
      rm.hashSet(postKeys.post(postId), storedFieldsOf(event.data)),
      rm.sortedAdd(postKeys.feed('all'), score, postId),
      rm.sortedAdd(postKeys.postsOf(authorId), score, postId),
      ...mediaFeeds(postId, event.data),
      ...joinAudience(authorId, postId, event.data.privacy),
    ];
  },
  PostEdited: ({ data }) => [
    rm.hashSet(postKeys.post(data.postId), fieldsOf(data)),
    ...mediaFeeds(data.postId, data),
    ...leaveAudiences(data.authorId, data.postId),
    ...joinAudience(data.authorId, data.postId, data.privacy),
  ],
  PostDeleted: ({ data }) => [
    rm.delete(postKeys.post(data.postId)),
    ...(['all', 'images', 'videos'] as const).map((feed) => rm.sortedRemove(postKeys.feed(feed), data.postId)),
    rm.sortedRemove(postKeys.postsOf(data.authorId), data.postId),
    ...leaveAudiences(data.authorId, data.postId),
  ],
});
