import { hiddenFrom } from '@application/graph';
import { getProfilePosts, type PostDocument } from '@application/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import { getUserDocument } from './get-user.query';
import type { PublicUserDocument } from './user-document';
import { publicUserDocumentsOf } from './user-documents.query';

/**
 * A user's document as the viewer may see it: the viewer's own in full; another user's without their block lists;
 * null for an unknown user, and for one who blocks the viewer or whom the viewer blocks (they do not see each other).
 */
export const getVisibleUserDocument = defineQuery(
  readsOf(getUserDocument, hiddenFrom, publicUserDocumentsOf),
  async (readModels, viewerId: string, userId: string): Promise<PublicUserDocument | null> => {
    if (userId === viewerId) return getUserDocument.run(readModels, viewerId);
    if ((await hiddenFrom.run(readModels, viewerId)).has(userId)) return null;
    const [user] = await publicUserDocumentsOf.run(readModels, [userId]);
    return user ?? null;
  },
);

export type ProfileWithPosts = Readonly<{ user: PublicUserDocument; posts: PostDocument[] }>;

/** A profile page: the user as the viewer may see them, and their posts that the viewer may see, newest first. */
export const getProfileWithPosts = defineQuery(
  readsOf(getVisibleUserDocument, getProfilePosts),
  async (readModels, { viewerId, userId }: { viewerId: string; userId: string }): Promise<ProfileWithPosts | null> => {
    const [user, posts] = await Promise.all([getVisibleUserDocument.run(readModels, viewerId, userId), getProfilePosts.run(readModels, viewerId, userId)]);
    return user ? { user, posts } : null;
  },
);
