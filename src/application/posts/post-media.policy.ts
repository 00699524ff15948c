import type { PostEvent } from '@domain/posts';
import type { SharedDependencies } from '@application/shared/dependencies';
import { definePolicy } from '@application/shared/policy';

/**
 * Media a post no longer shows are removed from storage: all of a deleted post's, and those an edit replaced. Removing
 * what is already gone does nothing, so running an event twice is harmless.
 */
export const postMediaPolicy = ({ media }: Pick<SharedDependencies, 'media'>) =>
  definePolicy<PostEvent>('posts.media', {
    PostDeleted: async (event) => {
      for (const { id, kind } of event.data.media) await media.remove(id, kind);
    },
    PostEdited: async (event) => {
      for (const { id, kind } of event.data.replacedMedia) await media.remove(id, kind);
    },
  });
