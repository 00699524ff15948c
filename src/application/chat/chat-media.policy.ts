import type { ChatEvent } from '@domain/chat';
import type { SharedDependencies } from '@application/shared/dependencies';
import { definePolicy } from '@application/shared/policy';

/** A message deleted for everyone takes its image with it; removing what is already gone does nothing. */
export const chatMediaPolicy = ({ media }: Pick<SharedDependencies, 'media'>) =>
  definePolicy<ChatEvent>('chat.media', {
    ChatMessageDeleted: async ({ data }) => {
      if (data.scope === 'deleteForEveryone' && data.image) await media.remove(data.image.id, 'image');
    },
  });
