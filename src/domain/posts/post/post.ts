import { z } from 'zod';
import { defineEvent, ForbiddenError, NotFoundError, type Command, type Decider, type EventOf } from '@domain/shared';

/*
 * A post is a stream of its own: its author writes it, edits it and deletes it. Media are stored before the command
 * (through the media port) and the events keep what the client needs to show them (`imgId`/`imgVersion`,
 * `videoId`/`videoVersion`) and their full URLs for other clients.
 */

export const PRIVACIES = ['Public', 'Followers', 'Private'] as const;
export type Privacy = (typeof PRIVACIES)[number];

const media = z.object({ id: z.string().min(1), version: z.string(), url: z.string() });
export type PostMedia = z.infer<typeof media>;

const content = {
  post: z.string(),
  bgColor: z.string(),
  privacy: z.enum(PRIVACIES),
  feelings: z.string(),
  gifUrl: z.string(),
  image: media.nullable(),
  video: media.nullable(),
};
export type PostContent = Readonly<{
  post: string;
  bgColor: string;
  privacy: Privacy;
  feelings: string;
  gifUrl: string;
  image: PostMedia | null;
  video: PostMedia | null;
}>;

export const postCreated = defineEvent(
  'PostCreated',
  1,
  z.object({ postId: z.string().min(1), authorId: z.string().min(1), ...content, createdAt: z.string() }),
);
const mediaList = z.array(z.object({ id: z.string(), kind: z.enum(['image', 'video']) }));
export type MediaList = z.infer<typeof mediaList>;

/** The content after the edit, the media it brought, and those it no longer shows (to be removed from storage). */
export const postEdited = defineEvent(
  'PostEdited',
  1,
  z.object({
    postId: z.string().min(1),
    authorId: z.string().min(1),
    ...content,
    addedMedia: mediaList,
    replacedMedia: mediaList,
    createdAt: z.string(),
    editedAt: z.string(),
  }),
);
export const postDeleted = defineEvent(
  'PostDeleted',
  1,
  z.object({ postId: z.string().min(1), authorId: z.string().min(1), media: mediaList, deletedAt: z.string() }),
);

export const postEvents = [postCreated, postEdited, postDeleted];
export type PostEvent = EventOf<typeof postCreated> | EventOf<typeof postEdited> | EventOf<typeof postDeleted>;

export type Post =
  Readonly<{ status: 'none' }> | Readonly<{ status: 'published'; authorId: string; content: PostContent; createdAt: string }> | Readonly<{ status: 'deleted' }>;

/** What an edit changes: the text fields it names, and a new image or video if it brings one (else the old ones stay). */
export type PostChanges = Readonly<Partial<Omit<PostContent, 'image' | 'video'>> & { image?: PostMedia; video?: PostMedia }>;

export type CreatePost = Command<'CreatePost', { postId: string; authorId: string; content: PostContent }>;
export type EditPost = Command<'EditPost', { postId: string; editorId: string; changes: PostChanges }>;
export type DeletePost = Command<'DeletePost', { postId: string; deleterId: string }>;
export type PostCommand = CreatePost | EditPost | DeletePost;

export class PostNotFound extends NotFoundError {
  constructor() {
    super('Post not found');
  }
}

export class NotPostAuthor extends ForbiddenError {
  constructor(action: string) {
    super(`Only the author of a post may ${action} it.`);
  }
}

export const postStreamId = (postId: string): string => `post:${postId}`;

const published = (state: Post, editorId: string, action: string): Extract<Post, { status: 'published' }> => {
  if (state.status !== 'published') throw new PostNotFound();
  if (state.authorId !== editorId) throw new NotPostAuthor(action);
  return state;
};

/** A new image replaces the video and a new video the image: a post shows one of them. */
const edited = (current: PostContent, changes: PostChanges): PostContent => {
  const { image, video, ...text } = changes;
  const media = image ? { image, video: null } : video ? { image: null, video } : { image: current.image, video: current.video };
  return { ...current, ...text, ...media };
};

const contentOf = ({ post, bgColor, privacy, feelings, gifUrl, image, video }: PostContent): PostContent => ({
  post,
  bgColor,
  privacy,
  feelings,
  gifUrl,
  image,
  video,
});

const mediaOf = (content: PostContent): MediaList => [
  ...(content.image ? [{ id: content.image.id, kind: 'image' as const }] : []),
  ...(content.video ? [{ id: content.video.id, kind: 'video' as const }] : []),
];

/** The media of `content` that `other` does not show. */
const mediaMissingFrom = (content: PostContent, other: PostContent): MediaList => {
  const shown = new Set(mediaOf(other).map((media) => media.id));
  return mediaOf(content).filter((media) => !shown.has(media.id));
};

export const postDecider: Decider<PostCommand, PostEvent, Post> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'PostCreated':
      case 'PostEdited':
        return { status: 'published', authorId: event.data.authorId, content: contentOf(event.data), createdAt: event.data.createdAt };
      case 'PostDeleted':
        return { status: 'deleted' };
    }
  },
  decide: (command, state) => {
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'CreatePost': {
        if (state.status !== 'none') return []; // a retried create: the post exists
        const { postId, authorId, content } = command.data;
        return [{ type: 'PostCreated', data: { postId, authorId, ...content, createdAt: at } }];
      }
      case 'EditPost': {
        const post = published(state, command.data.editorId, 'edit');
        const after = edited(post.content, command.data.changes);
        return [
          {
            type: 'PostEdited',
            data: {
              postId: command.data.postId,
              authorId: post.authorId,
              ...after,
              addedMedia: mediaMissingFrom(after, post.content),
              replacedMedia: mediaMissingFrom(post.content, after),
              createdAt: post.createdAt,
              editedAt: at,
            },
          },
        ];
      }
      case 'DeletePost': {
        const post = published(state, command.data.deleterId, 'delete');
        return [{ type: 'PostDeleted', data: { postId: command.data.postId, authorId: post.authorId, media: mediaOf(post.content), deletedAt: at } }];
      }
    }
  },
};
