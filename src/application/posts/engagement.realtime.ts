import type { CommentEvent, ReactionEvent } from '@domain/posts';
import { hiddenFrom } from '@application/graph';
import { readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { defineRealtimeProjection, SIGNED_IN_ROOM, userRoom, type RealtimeEmit } from '@application/shared/realtime';
import { getCommentNames, getPostComments } from './comments.query';
import { userCardsOf } from './engagement-access.query';
import { engagementOf } from './engagement.query';
import { audienceRoomsOf, type AudienceRooms } from './post-audience.query';
import { storedPostsOf } from './post-documents.query';
import { getPostReactions, getReactionByUsername, getReactionsByUsername } from './reactions.query';

/** The post's audience and counts as they are now; nothing when the post is gone. */
const postNow = async (readModels: ReadModels, postId: string) => {
  const [post] = await storedPostsOf.run(readModels, [postId]);
  if (!post) return null;
  const [audience, [engagement]] = await Promise.all([audienceRoomsOf.run(readModels, post), engagementOf.run(readModels, [postId])]);
  return engagement ? { post, audience, engagement } : null;
};

/**
 * The audience, split by whether they may learn who acted: those hidden from the actor by a block hear of the new
 * counts without the actor's card. Public posts go to every signed-in socket; other audiences are lists of user rooms.
 */
export const splitByActor = (audience: AudienceRooms, hiddenFromActor: ReadonlySet<string>): { told: AudienceRooms; untold: AudienceRooms | null } => {
  const hiddenRooms = [...hiddenFromActor].map(userRoom);
  const told = { room: audience.room, except: [...audience.except, ...hiddenRooms] };
  const untoldRooms = audience.room.includes(SIGNED_IN_ROOM) ? hiddenRooms : audience.room.filter((room) => hiddenRooms.includes(room));
  return { told, untold: untoldRooms.length > 0 ? { room: untoldRooms, except: audience.except } : null };
};

const updateLike = async (readModels: ReadModels, event: ReactionEvent, type: string, previousReaction: string): Promise<RealtimeEmit[]> => {
  const { postId, userId, postAuthorId } = event.data;
  const now = await postNow(readModels, postId);
  if (!now) return [];
  const [cards, hidden] = await Promise.all([userCardsOf.run(readModels, [userId]), hiddenFrom.run(readModels, userId)]);
  const card = cards.get(userId) ?? { username: '', avatarColor: '', profilePicture: '' };
  const payload = { postId, postReactions: now.engagement.reactions, userTo: postAuthorId, type, previousReaction };
  const { told, untold } = splitByActor(now.audience, hidden);
  return [
    { ...told, event: 'update like', args: [{ ...payload, ...card }] },
    ...(untold ? [{ ...untold, event: 'update like', args: [{ ...payload, username: '', avatarColor: '', profilePicture: '' }] }] : []),
  ];
};

const updateComment = async (readModels: ReadModels, postId: string): Promise<RealtimeEmit[]> => {
  const now = await postNow(readModels, postId);
  if (!now) return [];
  return [{ ...now.audience, event: 'update comment', args: [{ postId, commentsCount: now.engagement.commentsCount, userTo: now.post.authorId }] }];
};

/**
 * Contract section 3, emitted by the server with the server's counts (the client's own `reaction` and `comment`
 * messages are ignored): to those who may see the post, once the reads the client makes next have the change.
 */
export const postEngagementRealtime = defineRealtimeProjection<ReactionEvent | CommentEvent>(
  'posts.engagement-realtime',
  readsOf(getPostReactions, getReactionByUsername, getReactionsByUsername, getPostComments, getCommentNames, audienceRoomsOf, engagementOf),
  {
    ReactionGiven: (event, { readModels }) => updateLike(readModels, event, event.data.type, event.data.previousType ?? ''),
    ReactionRemoved: (event, { readModels }) => updateLike(readModels, event, '', event.data.type),
    CommentAdded: (event, { readModels }) => updateComment(readModels, event.data.postId),
    CommentDeleted: (event, { readModels }) => updateComment(readModels, event.data.postId),
  },
);
