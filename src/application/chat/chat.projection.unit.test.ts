import type { ChatEvent } from '@domain/chat';
import { rm } from '@application/shared/projection';
import { recorded, specifyProjection } from '@application/shared/testing/projection-spec';
import { chatProjection } from './chat.projection';

const at = '2026-01-01T00:00:00.000Z';
const spec = specifyProjection(chatProjection);
const image = { id: 'chat/c1/i1', version: '3', url: 'http://media/i1.png' };

const sent = (readOnArrival: boolean): ChatEvent => ({
  type: 'ChatMessageSent',
  data: { conversationId: 'c1', messageId: 'm1', position: 4, senderId: 'ann', receiverId: 'bob', body: 'hi', gifUrl: '', image, readOnArrival, sentAt: at },
});
const stored = (body: string, selectedImage: string, deletedForEveryone: boolean) =>
  JSON.stringify({ position: 4, senderId: 'ann', receiverId: 'bob', body, gifUrl: '', selectedImage, createdAt: at, deletedForEveryone });
const deleted = (scope: 'deleteForMe' | 'deleteForEveryone', deletedBy: string, wasUnread = false): ChatEvent => ({
  type: 'ChatMessageDeleted',
  data: {
    conversationId: 'c1',
    messageId: 'm1',
    position: 4,
    senderId: 'ann',
    receiverId: 'bob',
    deletedBy,
    scope,
    image,
    sentAt: at,
    wasUnread,
    deletedAt: at,
  },
});

describe('the chat projection', () => {
  const added = [
    rm.sortedAdd('history:c1', 4, 'm1'),
    rm.hashSet('messages:c1', { m1: stored('hi', image.url, false) }),
    rm.valueSet('last:c1', 'm1'),
    rm.sortedAdd('conversations:ann', 12, 'c1'),
    rm.sortedAdd('conversations:bob', 12, 'c1'),
  ];

  it('adds a message to the history at its position, makes it the last, moves the conversation up both lists and counts it unread', () =>
    spec.given([recorded(sent(false), 12)]).then([...added, rm.hashIncrement('unread:bob', 'c1', 1)]));

  it('reads a message on arrival by moving the receiver’s read position to it and clearing their unread count', () =>
    spec.given([recorded(sent(true), 12)]).then([...added, rm.hashSet('read:c1', { bob: '4' }), rm.hashSet('unread:bob', { c1: '0' })]));

  it('keeps one read position per reader and clears their unread count', () =>
    spec
      .given([{ type: 'ChatMessagesRead', data: { conversationId: 'c1', readerId: 'bob', upTo: 9, readAt: at } }])
      .then([rm.hashSet('read:c1', { bob: '9' }), rm.hashSet('unread:bob', { c1: '0' })]));

  it('keeps one reaction per participant and message', () =>
    spec
      .given([
        { type: 'ChatMessageReacted', data: { conversationId: 'c1', messageId: 'm1', position: 4, reactorId: 'bob', reaction: 'love', reactedAt: at } },
        { type: 'ChatMessageReacted', data: { conversationId: 'c1', messageId: 'm1', position: 4, reactorId: 'bob', reaction: null, reactedAt: at } },
      ])
      .then([rm.hashSet('reactions:c1', { 'm1:bob': 'love' }), rm.hashDelete('reactions:c1', 'm1:bob')]));

  it('marks a message deleted for one user for that user only', () =>
    spec.given([deleted('deleteForMe', 'bob')]).then([rm.hashSet('deleted-for:c1', { 'm1:bob': '1' })]));

  it('takes a deleted message off its receiver’s unread count when it counted there', () => {
    spec.given([deleted('deleteForMe', 'bob', true)]).then([rm.hashSet('deleted-for:c1', { 'm1:bob': '1' }), rm.hashIncrement('unread:bob', 'c1', -1)]);
    spec
      .given([deleted('deleteForEveryone', 'ann', true)])
      .then([
        rm.hashSet('messages:c1', { m1: stored('', '', true) }),
        rm.hashDelete('reactions:c1', 'm1:ann', 'm1:bob'),
        rm.hashIncrement('unread:bob', 'c1', -1),
      ]);
  });

  it('keeps no content nor reactions of a message deleted for everyone', () =>
    spec
      .given([deleted('deleteForEveryone', 'ann')])
      .then([rm.hashSet('messages:c1', { m1: stored('', '', true) }), rm.hashDelete('reactions:c1', 'm1:ann', 'm1:bob')]));
});
