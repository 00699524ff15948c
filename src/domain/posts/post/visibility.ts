import type { Privacy } from './post';

/** What decides who may see a post. */
export type Audience = Readonly<{ authorId: string; privacy: Privacy }>;

/** How a viewer stands with a post's author: whether they follow them, and whether either blocks the other. */
export type Standing = Readonly<{ follows: boolean; blocked: boolean }>;

/**
 * `Public` for everyone, `Followers` for the author's followers, `Private` for the author alone; users who block each
 * other never see each other's posts. The one rule for every feed, route, command and socket message.
 */
export const maySee = (viewerId: string, post: Audience, standing: Standing): boolean => {
  if (viewerId === post.authorId) return true;
  if (standing.blocked) return false;
  switch (post.privacy) {
    case 'Public':
      return true;
    case 'Followers':
      return standing.follows;
    case 'Private':
      return false;
  }
};
