import { maySee, type Audience } from '@domain/posts';
import { followingIds, hiddenFrom } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';

/** Who is reading, as far as what they may see goes: whom they follow, and who is hidden from them by a block. */
export type Reader = Readonly<{ viewerId: string; following: ReadonlySet<string>; hidden: ReadonlySet<string> }>;

export const readerOf = defineQuery(readsOf(hiddenFrom, followingIds), async (readModels, viewerId: string): Promise<Reader> => {
  const [hidden, following] = await Promise.all([hiddenFrom.run(readModels, viewerId), followingIds.run(readModels, viewerId)]);
  return { viewerId, following: new Set(following), hidden };
});

export const readerMaySee = (reader: Reader, post: Audience): boolean =>
  maySee(reader.viewerId, post, { follows: reader.following.has(post.authorId), blocked: reader.hidden.has(post.authorId) });
