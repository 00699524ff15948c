import type { ChatEvent } from '@domain/chat';
import type { RecordedEvent } from '@application/shared/event-store';
import { recorded } from '@application/shared/testing/projection-spec';
import { unreadCheckOf } from './unread-email.policy';

type ChatMessageSent = Extract<ChatEvent, { type: 'ChatMessageSent' }>;

const at = '2026-01-01T00:00:00.000Z';
const sent = (readOnArrival: boolean, eventId = 'event-7'): RecordedEvent<ChatMessageSent> =>
  recorded(
    {
      type: 'ChatMessageSent',
      data: {
        conversationId: 'c1',
        messageId: 'm1',
        position: 4,
        senderId: 'ann',
        receiverId: 'bob',
        body: 'hi',
        gifUrl: '',
        image: null,
        readOnArrival,
        sentAt: at,
      },
    },
    7,
    { eventId },
  );

describe('the unread check a sent message calls for', () => {
  it('is a check of that message for its receiver, after the delay', () => {
    expect(unreadCheckOf(sent(false), 60_000)).toEqual({
      payload: { conversationId: 'c1', messageId: 'm1', position: 4, senderId: 'ann', receiverId: 'bob' },
      options: { jobId: 'unread:event-7', delayMs: 60_000 },
    });
  });

  it('is none for a message its receiver read as it arrived', () => expect(unreadCheckOf(sent(true), 60_000)).toBeNull());

  it('is keyed by the event: running the event again adds nothing, another event adds its own', () => {
    expect(unreadCheckOf(sent(false), 300)?.options.jobId).toBe(unreadCheckOf(sent(false), 300)?.options.jobId);
    expect(unreadCheckOf(sent(false, 'event-8'), 300)?.options.jobId).not.toBe(unreadCheckOf(sent(false), 300)?.options.jobId);
  });
});
