import type { Audience } from '@domain/posts';
import { followerIds, hiddenFrom } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';
import { SIGNED_IN_ROOM, userRoom } from '@application/shared/realtime';

/** The rooms a message about a post goes to, and those it must not reach (a socket in both gets nothing). */
export type AudienceRooms = Readonly<{ room: string[]; except: string[] }>;

/**
 * Who hears of a post: everyone signed in for a public post, its author's followers for a followers-only post, the
 * author alone for a private one; never users either side blocks.
 */
export const audienceRoomsOf = defineQuery(readsOf(followerIds, hiddenFrom), async (readModels, post: Audience): Promise<AudienceRooms> => {
  const author = userRoom(post.authorId);
  const hidden = [...(await hiddenFrom.run(readModels, post.authorId))].map(userRoom);
  switch (post.privacy) {
    case 'Public':
      return { room: [SIGNED_IN_ROOM], except: hidden };
    case 'Followers':
      return { room: [author, ...(await followerIds.run(readModels, post.authorId)).map(userRoom)], except: hidden };
    case 'Private':
      return { room: [author], except: [] };
  }
});
