import type { CommandMetadata } from '@domain/shared';
import { NotPostAuthor, PostNotFound, postDecider, postStreamId, type PostChanges, type PostContent, type PostEvent, type PostMedia } from '@domain/posts';
import { derivedId } from '@application/shared/ids';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, loadState, type CommandResult } from '@application/shared/handle-command';
import { decodeDataUrl } from '@application/shared/media-data-url';
import type { MediaKind } from '@application/shared/media-storage';
import { withStoredUpload } from '@application/shared/uploads';

/** A medium as the client sends it: a base64 data URL, checked and stored before the command. */
export type MediaUpload = Readonly<{ kind: MediaKind; dataUrl: string }>;

type MediaDependencies = Pick<SharedDependencies, 'store' | 'media'>;

/** A post's id comes from the command that creates it, so a retried request (same `Idempotency-Key`) creates nothing new. */
export const postIdFor = (metadata: CommandMetadata): string => derivedId('post', metadata.commandId);

/** Each upload is stored under an id of its own, taken from its command: a replaced medium can be removed without touching the new one. */
const withUpload = (
  deps: MediaDependencies,
  postId: string,
  upload: MediaUpload | undefined,
  metadata: CommandMetadata,
  run: (media: { image?: PostMedia; video?: PostMedia }) => Promise<CommandResult<PostEvent>>,
): Promise<CommandResult<PostEvent>> => {
  const stored = upload && { ...upload, publicId: `posts/${postId}/${derivedId(`${upload.kind}-upload`, metadata.commandId)}` };
  return withStoredUpload(deps, postStreamId(postId), stored, metadata, (medium) => run(medium && upload ? { [upload.kind]: medium } : {}));
};

export type CreatePostInput = Readonly<{ authorId: string; content: Omit<PostContent, 'image' | 'video'>; upload?: MediaUpload }>;

/** Contract 2.4 `POST /post`, `/post/image/post` and `/post/video/post`: the medium is checked, stored, then the post appended. */
export const createPost = async (deps: MediaDependencies, input: CreatePostInput, metadata: CommandMetadata): Promise<CommandResult<PostEvent>> => {
  if (input.upload) decodeDataUrl(input.upload.dataUrl, input.upload.kind);
  const postId = postIdFor(metadata);
  return withUpload(deps, postId, input.upload, metadata, (media) => {
    const content: PostContent = { ...input.content, image: null, video: null, ...media };
    const command = { type: 'CreatePost' as const, data: { postId, authorId: input.authorId, content }, metadata };
    return handleCommand(deps.store, postDecider, postStreamId(postId), command, { retryOnConflict: true });
  });
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
  return withUpload(deps, input.postId, input.upload, metadata, (media) => {
    const changes: PostChanges = { ...input.changes, ...media };
    const command = { type: 'EditPost' as const, data: { postId: input.postId, editorId: input.editorId, changes }, metadata };
    return handleCommand(deps.store, postDecider, postStreamId(input.postId), command, { retryOnConflict: true });
  });
};

/** Contract 2.4 `DELETE /post/:postId`: the author only. Its media are removed from storage by a policy. */
export const deletePost = (
  { store }: Pick<SharedDependencies, 'store'>,
  input: Readonly<{ postId: string; deleterId: string }>,
  metadata: CommandMetadata,
): Promise<CommandResult<PostEvent>> =>
  handleCommand(store, postDecider, postStreamId(input.postId), { type: 'DeletePost', data: { postId: input.postId, deleterId: input.deleterId }, metadata });
