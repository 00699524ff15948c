import { conversationDecider, type ChatEvent, type DeleteScope } from '@domain/chat';
import { foldEvents } from '@domain/shared';
import { emailTextOf, isStillUnread } from './unread-email.job';

const at = '2026-01-01T00:00:00.000Z';
const image = { id: 'chat/c1/i1', version: '1', url: 'http://media/i1.png' };
const sent = (messageId: string, position: number, readOnArrival = false): ChatEvent => ({
  type: 'ChatMessageSent',
  data: { conversationId: 'c1', messageId, position, senderId: 'ann', receiverId: 'bob', body: 'hi', gifUrl: '', image: null, readOnArrival, sentAt: at },
});
const read = (readerId: string, upTo: number): ChatEvent => ({ type: 'ChatMessagesRead', data: { conversationId: 'c1', readerId, upTo, readAt: at } });
const deleted = (scope: DeleteScope, deletedBy: string): ChatEvent => ({
  type: 'ChatMessageDeleted',
  data: {
    conversationId: 'c1',
    messageId: 'm2',
    position: 2,
    senderId: 'ann',
    receiverId: 'bob',
    deletedBy,
    scope,
    image: null,
    sentAt: at,
    wasUnread: true,
    deletedAt: at,
  },
});
const m2 = { conversationId: 'c1', messageId: 'm2', position: 2, senderId: 'ann', receiverId: 'bob' };

/** given(the conversation's events).unread() | .notUnread(): judges message m2 (position 2, from ann to bob). */
const given = (...events: ChatEvent[]) => {
  const conversation = foldEvents(conversationDecider, events);
  return { unread: () => expect(isStillUnread(conversation, m2)).toBe(true), notUnread: () => expect(isStillUnread(conversation, m2)).toBe(false) };
};

describe('whether a message is still unread when its check runs', () => {
  it('is unread while its receiver has read only what came before it', () => given(sent('m1', 1), read('bob', 1), sent('m2', 2)).unread());
  it('is read once its receiver has read up to it or past it', () => given(sent('m1', 1), sent('m2', 2), sent('m3', 3), read('bob', 3)).notUnread());
  it('is read when it was read on arrival', () => given(sent('m1', 1), sent('m2', 2, true)).notUnread());
  it('stays unread when only its sender reads the conversation', () => given(sent('m1', 1), sent('m2', 2), read('ann', 2)).unread());
  it('is gone when its sender deleted it for everyone', () => given(sent('m2', 2), deleted('deleteForEveryone', 'ann')).notUnread());
  it('is gone when its receiver deleted it for themselves', () => given(sent('m2', 2), deleted('deleteForMe', 'bob')).notUnread());
  it('stays unread when its sender deleted it only for themselves', () => given(sent('m2', 2), deleted('deleteForMe', 'ann')).unread());
  it('is nothing to e-mail about when the conversation does not hold it', () => given(sent('m1', 1)).notUnread());
});

describe('what the e-mail says of the message', () => {
  it('is its text', () => expect(emailTextOf({ body: 'see you at 8', gifUrl: 'https://gif/x.gif', image })).toBe('see you at 8'));
  it('is "Sent an image" for an image without text', () => expect(emailTextOf({ body: '', gifUrl: '', image })).toBe('Sent an image'));
  it('is "Sent a GIF" for a GIF without text', () => expect(emailTextOf({ body: ' ', gifUrl: 'https://gif/x.gif', image: null })).toBe('Sent a GIF'));
  it('is nothing for a message without text, image or GIF', () => expect(emailTextOf({ body: '', gifUrl: '', image: null })).toBeNull());
  it('keeps within what the e-mail may hold', () => expect(emailTextOf({ body: 'x'.repeat(20_000), gifUrl: '', image: null })).toHaveLength(10_000));
});
