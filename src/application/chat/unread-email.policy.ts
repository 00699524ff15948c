import type { ChatEvent } from '@domain/chat';
import type { SharedDependencies } from '@application/shared/dependencies';
import type { RecordedEvent } from '@application/shared/event-store';
import type { EnqueueOptions, JobPayload } from '@application/shared/jobs';
import { definePolicy } from '@application/shared/policy';
import type { ChatPorts } from './ports';
import { unreadEmail } from './unread-email.job';

type ChatMessageSent = Extract<ChatEvent, { type: 'ChatMessageSent' }>;

/** The unread check a sent message calls for, or null when its receiver read it as it arrived. */
export const unreadCheckOf = (
  event: RecordedEvent<ChatMessageSent>,
  delayMs: number,
): Readonly<{ payload: JobPayload<typeof unreadEmail>; options: EnqueueOptions }> | null => {
  const { conversationId, messageId, position, senderId, receiverId, readOnArrival } = event.data;
  if (readOnArrival) return null;
  return { payload: { conversationId, messageId, position, senderId, receiverId }, options: { jobId: `unread:${event.metadata.eventId}`, delayMs } };
};

/** A message not read on arrival is looked at again after the delay (`unreadEmail`), which e-mails its receiver if it is still unread. */
export const unreadEmailPolicy = (deps: Pick<SharedDependencies, 'jobs'> & Pick<ChatPorts, 'chatUnreadEmailDelayMs'>) =>
  definePolicy<ChatEvent>('chat.unread-email', {
    ChatMessageSent: async (event) => {
      const check = unreadCheckOf(event, deps.chatUnreadEmailDelayMs);
      if (check) await deps.jobs.enqueue(unreadEmail, check.payload, check.options);
    },
  });
