import type { CommandMetadata } from '@domain/shared';
import { postDecider, postStreamId, type PostChanges, type PostContent, type PostEvent, type PostMedia } from '@domain/posts';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, loadState, type CommandResult } from '@application/shared/handle-command';
import { decodeDataUrl } from '@application/shared/media-data-url';
import type { MediaKind } from '@application/shared/media-storage';
import { NotPostAuthor, PostNotFound } from '@domain/posts';

/** A medium as the client sends it: a base64 data URL, checked and stored before the command. */
export type MediaUpload = Readonly<{ kind: MediaKind; dataUrl: string }>;

type MediaDependencies = Pick<SharedDependencies, 'store' | 'media' | 'ids'>;

/** Each upload gets a public id of its own, so a replaced medium can be removed without touching the new one. */
const storeUpload = async ({ media, ids }: MediaDependencies, postId: string, upload: MediaUpload): Promise<PostMedia> => {
  const stored = await media.store(upload.dataUrl, { publicId: `posts/${postId}/${ids.newId()}`, kind: upload.kind });
  return { id: stored.publicId, version: stored.version, url: stored.url };
};

const withUpload = async (deps: MediaDependencies, postId: string, upload: MediaUpload | undefined) => {
  if (!upload) return {};
  return upload.kind === 'image' ? { image: await storeUpload(deps, postId, upload) } : { video: await storeUpload(deps, postId, upload) };
};

export type CreatePostInput = Readonly<{ authorId: string; content: Omit<PostContent, 'image' | 'video'>; upload?: MediaUpload }>;

/** Contract 2.4 `POST /post`, `/post/image/post` and `/post/video/post`: the medium is checked, stored, then the post appended. */
export const createPost = async (deps: MediaDependencies, input: CreatePostInput, metadata: CommandMetadata): Promise<CommandResult<PostEvent>> => {
  if (input.upload) decodeDataUrl(input.upload.dataUrl, input.upload.kind);
  const postId = deps.ids.newId();
  const content: PostContent = { ...input.content, image: null, video: null, ...(await withUpload(deps, postId, input.upload)) };
  return handleCommand(deps.store, postDecider, postStreamId(postId), { type: 'CreatePost', data: { postId, authorId: input.authorId, content }, metadata });
};

export type EditPostInput = Readonly<{ postId: string; editorId: string; changes: Omit<PostChanges, 'image' | 'video'>; upload?: MediaUpload }>;

/**
 * Contract 2.4 `PUT /post/:postId`, `/post/image/:postId` and `/post/video/:postId`. Only the author may edit, which is
 * checked before a new medium is stored (the decider checks it again when it appends); what the edit does not
 * replace stays, so editing a video post's text keeps its video.
 */
export const editPost = async (deps: MediaDependencies, input: EditPostInput, metadata: CommandMetadata): Promise<CommandResult<PostEvent>> => {
  if (input.upload) decodeDataUrl(input.upload.dataUrl, input.upload.kind);
  const post = await loadState(deps.store, postDecider, postStreamId(input.postId));
  if (post.status !== 'published') throw new PostNotFound();
  if (post.authorId !== input.editorId) throw new NotPostAuthor('edit');
  const changes: PostChanges = { ...input.changes, ...(await withUpload(deps, input.postId, input.upload)) };
  return handleCommand(deps.store, postDecider, postStreamId(input.postId), {
    type: 'EditPost',
    data: { postId: input.postId, editorId: input.editorId, changes },
    metadata,
  });
};

/** Contract 2.4 `DELETE /post/:postId`: the author only. Its media are removed from storage by a policy. */
export const deletePost = (
  { store }: Pick<SharedDependencies, 'store'>,
  input: Readonly<{ postId: string; deleterId: string }>,
  metadata: CommandMetadata,
): Promise<CommandResult<PostEvent>> =>
  handleCommand(store, postDecider, postStreamId(input.postId), { type: 'DeletePost', data: { postId: input.postId, deleterId: input.deleterId }, metadata });
