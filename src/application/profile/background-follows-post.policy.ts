import { BackgroundImageNotFound, profileDecider, profileStreamId } from '@domain/profile';
import type { PostEvent } from '@domain/posts';
import type { SharedDependencies } from '@application/shared/dependencies';
import type { RecordedEvent } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';
import { definePolicy } from '@application/shared/policy';
import { removeBackgroundImage } from './image.handlers';

/**
 * A background reused from the gallery may be the image of a post. When the post stops showing it (deleted, or its
 * image replaced or dropped), the file is removed from storage (`posts.media`), so the background is removed too
 * rather than left pointing at nothing. The command id comes from the event: running an event twice removes once.
 */
export const backgroundFollowsPostPolicy = (deps: Pick<SharedDependencies, 'store'>) => {
  const removeIfBackground = async (event: RecordedEvent<PostEvent>, authorId: string, mediaIds: readonly string[]): Promise<void> => {
    const { background } = await loadState(deps.store, profileDecider, profileStreamId(authorId));
    if (!background || !mediaIds.includes(background.imageId)) return;
    const metadata = {
      commandId: `background-of-post:${event.metadata.eventId}`,
      now: event.metadata.occurredAt,
      actorId: null,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.eventId,
    };
    try {
      await removeBackgroundImage(deps, { userId: authorId, imageId: background.imageId }, metadata);
    } catch (error) {
      // The user changed their background in between: there is nothing left to remove.
      if (!(error instanceof BackgroundImageNotFound)) throw error;
    }
  };

  return definePolicy<PostEvent>('profile.background-follows-post', {
    PostDeleted: (event) =>
      removeIfBackground(
        event,
        event.data.authorId,
        event.data.media.map((media) => media.id),
      ),
    PostEdited: (event) =>
      removeIfBackground(
        event,
        event.data.authorId,
        event.data.replacedMedia.map((media) => media.id),
      ),
  });
};
