import type { PostEvent } from '@domain/posts';
import { readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { defineRealtimeProjection, SIGNED_IN_ROOM, type RealtimeEmit } from '@application/shared/realtime';
import { getFeedPage } from './feeds.query';
import { audienceRoomsOf } from './post-audience.query';
import { postDocumentsOf, storedPostsOf, type StoredPost } from './post-documents.query';
import { storedFieldsOf } from './posts.projection';

type PostCreatedOrEdited = Extract<PostEvent, { type: 'PostCreated' | 'PostEdited' }>;

/**
 * The post as the read model has it now (a later edit may have narrowed who sees it), or as the event has it when the
 * read model does not have it yet (it lags under load); with its author's card and counts, to those who may see it.
 */
const postMessage = async (readModels: ReadModels, data: PostCreatedOrEdited['data'], event: string, ...extra: unknown[]): Promise<RealtimeEmit[]> => {
  const [current] = await storedPostsOf.run(readModels, [data.postId]);
  const stored: StoredPost = current ?? { ...storedFieldsOf(data), postId: data.postId, authorId: data.authorId, privacy: data.privacy };
  const [[document], audience] = await Promise.all([postDocumentsOf.run(readModels, [stored]), audienceRoomsOf.run(readModels, stored)]);
  return document ? [{ ...audience, event, args: [document, ...extra] }] : [];
};

/**
 * Contract section 3, emitted by the server, never to everyone: `add post` and `update post` carry the post to those
 * allowed to see it. An edit that narrows the audience also tells every other signed-in client to drop the post (an
 * id only); `delete post` is an id too, for everyone signed in.
 */
export const postsRealtime = defineRealtimeProjection<PostEvent>('posts.realtime', readsOf(getFeedPage), {
  PostCreated: (event, { readModels }) => postMessage(readModels, event.data, 'add post'),
  PostEdited: async (event, { readModels }) => {
    const updates = await postMessage(readModels, event.data, 'update post', 'posts');
    if (event.data.privacy === 'Public' || updates.length === 0) return updates;
    const audience = updates[0]!;
    const keep = Array.isArray(audience.room) ? audience.room : [audience.room];
    return [...updates, { room: SIGNED_IN_ROOM, except: [...keep, ...(audience.except ?? [])], event: 'delete post', args: [event.data.postId] }];
  },
  PostDeleted: async (event) => [{ room: SIGNED_IN_ROOM, event: 'delete post', args: [event.data.postId] }],
});
