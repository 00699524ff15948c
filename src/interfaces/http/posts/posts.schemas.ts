import { z } from 'zod';
import { PRIVACIES, type Privacy } from '@domain/posts';
import { ValidationError } from '@domain/shared';
import { isCssColour } from '../middleware/css-colour';
import { isWebUrl } from '../middleware/web-url';

/*
 * Contract 2.4: every field is an optional string that may be null or '' (the client sends them all), unknown keys
 * are refused. Unlike the old server, values are checked: the client shows them to everyone who reads the post.
 */

export const POST_TEXT_MAX = 1_000;
export const FEELINGS = ['happy', 'excited', 'blessed', 'loved'] as const;

const text = (name: string, max: number) =>
  z
    .string({ error: `"${name}" must be a string` })
    .max(max, `"${name}" length must be less than or equal to ${max} characters long`)
    .nullable()
    .optional();

/** One of `values`, or '' or null for none. */
const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z
    .string({ error: `"${name}" must be a string` })
    .refine((value) => value === '' || (values as readonly string[]).includes(value), `"${name}" must be one of ${values.join(', ')}`)
    .transform((value) => value as T | '')
    .nullable()
    .optional();

const fields = {
  post: text('post', POST_TEXT_MAX),
  bgColor: text('bgColor', 100).refine((value) => !value || isCssColour(value), '"bgColor" must be a colour'),
  privacy: oneOf('privacy', PRIVACIES),
  feelings: oneOf('feelings', FEELINGS),
  gifUrl: text('gifUrl', 2_000).refine((value) => !value || isWebUrl(value), '"gifUrl" must be a web link (http or https)'),
  // What the client sends of the author and of stored media: the server knows them, these are ignored.
  profilePicture: text('profilePicture', 2_000),
  imgId: text('imgId', 500),
  imgVersion: text('imgVersion', 100),
  videoId: text('videoId', 500),
  videoVersion: text('videoVersion', 100),
  // Data URLs; their size is bounded by the route's body limit and the media checks.
  image: z.string({ error: '"image" must be a string' }).nullable().optional(),
  video: z.string({ error: '"video" must be a string' }).nullable().optional(),
};

export const postBody = z.strictObject(fields);

const requiredMedia = (name: 'image' | 'video', required: string, empty: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? required : `"${name}" must be a string`) }).min(1, empty);

export const postWithImageBody = z.strictObject({
  ...fields,
  image: requiredMedia('image', 'Image is a required field', 'Image property is not allowed to be empty'),
});
export const postWithVideoBody = z.strictObject({ ...fields, video: requiredMedia('video', 'Video is required', 'Video property is not allowed to be empty') });

export type PostBody = z.infer<typeof postBody>;

export type PostText = Readonly<{ post: string; bgColor: string; privacy: Privacy; feelings: string; gifUrl: string }>;

/** A new post's text fields: absent or empty ones are '' (privacy: Public). */
export const newPostText = (body: PostBody): PostText => ({
  post: body.post ?? '',
  bgColor: body.bgColor ?? '',
  privacy: body.privacy || 'Public',
  feelings: body.feelings ?? '',
  gifUrl: body.gifUrl ?? '',
});

/** An edit's text fields: those present change (null or '' clears them), absent ones stay; privacy changes only to a value. */
export const editedPostText = (body: PostBody): Partial<PostText> => {
  const changes: { -readonly [K in keyof PostText]?: PostText[K] } = {};
  for (const name of ['post', 'bgColor', 'feelings', 'gifUrl'] as const) if (body[name] !== undefined) changes[name] = body[name] ?? '';
  if (body.privacy) changes.privacy = body.privacy;
  return changes;
};

export const assertShowsSomething = (postText: Pick<PostText, 'post' | 'gifUrl'>, hasMedia: boolean): void => {
  if (!postText.post.trim() && !postText.gifUrl && !hasMedia) throw new ValidationError('A post needs text, a GIF, an image or a video.');
};
