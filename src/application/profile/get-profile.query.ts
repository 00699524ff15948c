import { hiddenFrom } from '@application/graph';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { getUserDocument } from './get-user.query';
import type { UserDocument } from './user-document';
import { publicUserDocumentsOf } from './user-documents.query';

/**
 * A user's document as the viewer may see it: the viewer's own in full; another user's without their block lists;
 * null for an unknown user, and for one who blocks the viewer or whom the viewer blocks (they do not see each other).
 */
export const getVisibleUserDocument = defineQuery(
  readsOf(getUserDocument, hiddenFrom, publicUserDocumentsOf),
  async (readModels, viewerId: string, userId: string): Promise<UserDocument | null> => {
    if (userId === viewerId) return getUserDocument.run(readModels, viewerId);
    if ((await hiddenFrom.run(readModels, viewerId)).has(userId)) return null;
    const [user] = await publicUserDocumentsOf.run(readModels, [userId]);
    return user ?? null;
  },
);

/** The posts a viewer may see on a user's profile, newest first. The posts context provides it once posts exist. */
export type ProfilePosts = (readModels: ReadModels, viewerId: string, userId: string) => Promise<unknown[]>;

export const noPostsYet: ProfilePosts = async () => [];

export type ProfileWithPosts = Readonly<{ user: UserDocument; posts: unknown[] }>;

export const getProfileWithPosts = defineQuery(
  getVisibleUserDocument.reads,
  async (
    readModels,
    { viewerId, userId, postsOf = noPostsYet }: { viewerId: string; userId: string; postsOf?: ProfilePosts },
  ): Promise<ProfileWithPosts | null> => {
    const [user, posts] = await Promise.all([getVisibleUserDocument.run(readModels, viewerId, userId), postsOf(readModels, viewerId, userId)]);
    return user ? { user, posts } : null;
  },
);
