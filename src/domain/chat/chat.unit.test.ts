import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
import { ChatMessageNotFound, conversationDecider, NotInConversation, NotMessageSender, type ChatCommand, type ChatEvent } from './index';

const metadata = commandMetadata();
const at = metadata.now.toISOString();
const spec = specify(conversationDecider);

const sent = (messageId: string, position: number, senderId = 'ann', receiverId = 'bob', readOnArrival = false): ChatEvent => ({
  type: 'ChatMessageSent',
  data: { conversationId: 'c1', messageId, position, senderId, receiverId, body: 'hi', gifUrl: '', image: null, readOnArrival, sentAt: at },
});
const send = (messageId: string, senderId = 'ann', receiverId = 'bob', receiverIsViewing = false): ChatCommand => ({
  type: 'SendChatMessage',
  data: { conversationId: 'c1', messageId, senderId, receiverId, body: 'hi', gifUrl: '', image: null, receiverIsViewing },
  metadata,
});
const markRead = (readerId: string): ChatCommand => ({ type: 'MarkChatMessagesRead', data: { conversationId: 'c1', readerId }, metadata });
const react = (reactorId: string, reaction: 'like' | 'love' | null, messageId = 'm1'): ChatCommand => ({
  type: 'ReactToChatMessage',
  data: { conversationId: 'c1', messageId, reactorId, reaction },
  metadata,
});
const remove = (deleterId: string, scope: 'deleteForMe' | 'deleteForEveryone', messageId = 'm1'): ChatCommand => ({
  type: 'DeleteChatMessage',
  data: { conversationId: 'c1', messageId, deleterId, scope },
  metadata,
});
const deleted = (deletedBy: string, scope: 'deleteForMe' | 'deleteForEveryone', wasUnread = true): ChatEvent => ({
  type: 'ChatMessageDeleted',
  data: {
    conversationId: 'c1',
    messageId: 'm1',
    position: 1,
    senderId: 'ann',
    receiverId: 'bob',
    deletedBy,
    scope,
    image: null,
    sentAt: at,
    wasUnread,
    deletedAt: at,
  },
});

describe('a conversation', () => {
  it('gives each message the next position, whichever side sends it', () => {
    spec
      .given([])
      .when(send('m1'))
      .then([sent('m1', 1)]);
    spec
      .given([sent('m1', 1), sent('m2', 2, 'bob', 'ann')])
      .when(send('m3'))
      .then([sent('m3', 3)]);
  });

  it('appends a retried message once', () =>
    spec
      .given([sent('m1', 1)])
      .when(send('m1'))
      .then([]));

  it('reads a message on arrival when its receiver is looking at the conversation', () =>
    spec
      .given([])
      .when(send('m1', 'ann', 'bob', true))
      .then([sent('m1', 1, 'ann', 'bob', true)]));

  it('takes no third user into a conversation', () =>
    spec
      .given([sent('m1', 1)])
      .when(send('m2', 'cat', 'bob'))
      .thenThrows(NotInConversation));

  it('moves a reader’s position to the last message, once', () => {
    spec
      .given([sent('m1', 1), sent('m2', 2)])
      .when(markRead('bob'))
      .then([{ type: 'ChatMessagesRead', data: { conversationId: 'c1', readerId: 'bob', upTo: 2, readAt: at } }]);
    spec
      .given([sent('m1', 1), { type: 'ChatMessagesRead', data: { conversationId: 'c1', readerId: 'bob', upTo: 1, readAt: at } }])
      .when(markRead('bob'))
      .then([]);
    spec
      .given([sent('m1', 1, 'ann', 'bob', true)])
      .when(markRead('bob'))
      .then([]);
    spec.given([]).when(markRead('bob')).then([]);
  });

  it('lets only its participants mark as read', () =>
    spec
      .given([sent('m1', 1)])
      .when(markRead('cat'))
      .thenThrows(NotInConversation));

  it('keeps one reaction per participant, replaced or removed', () => {
    const reacted = (reaction: 'like' | 'love' | null): ChatEvent => ({
      type: 'ChatMessageReacted',
      data: { conversationId: 'c1', messageId: 'm1', position: 1, reactorId: 'bob', reaction, reactedAt: at },
    });
    spec
      .given([sent('m1', 1)])
      .when(react('bob', 'like'))
      .then([reacted('like')]);
    spec
      .given([sent('m1', 1), reacted('like')])
      .when(react('bob', 'love'))
      .then([reacted('love')]);
    spec
      .given([sent('m1', 1), reacted('like')])
      .when(react('bob', 'like'))
      .then([]);
    spec
      .given([sent('m1', 1), reacted('like')])
      .when(react('bob', null))
      .then([reacted(null)]);
    spec
      .given([sent('m1', 1)])
      .when(react('bob', null))
      .then([]);
  });

  it('refuses reactions from outsiders, to unknown messages and to deleted ones', () => {
    spec
      .given([sent('m1', 1)])
      .when(react('cat', 'like'))
      .thenThrows(NotInConversation);
    spec
      .given([sent('m1', 1)])
      .when(react('bob', 'like', 'm9'))
      .thenThrows(ChatMessageNotFound);
    spec
      .given([sent('m1', 1), deleted('ann', 'deleteForEveryone')])
      .when(react('bob', 'like'))
      .thenThrows(ChatMessageNotFound);
    spec
      .given([sent('m1', 1), deleted('bob', 'deleteForMe')])
      .when(react('bob', 'like'))
      .thenThrows(ChatMessageNotFound);
  });

  it('says whether a deletion takes an unread message off its receiver’s count', () => {
    const read: ChatEvent = { type: 'ChatMessagesRead', data: { conversationId: 'c1', readerId: 'bob', upTo: 1, readAt: at } };
    spec
      .given([sent('m1', 1)])
      .when(remove('ann', 'deleteForEveryone'))
      .then([deleted('ann', 'deleteForEveryone', true)]);
    spec
      .given([sent('m1', 1), read])
      .when(remove('ann', 'deleteForEveryone'))
      .then([deleted('ann', 'deleteForEveryone', false)]);
    spec
      .given([sent('m1', 1, 'ann', 'bob', true)])
      .when(remove('bob', 'deleteForMe'))
      .then([deleted('bob', 'deleteForMe', false)]);
    spec
      .given([sent('m1', 1), deleted('bob', 'deleteForMe')])
      .when(remove('ann', 'deleteForEveryone'))
      .then([deleted('ann', 'deleteForEveryone', false)]);
  });

  it('deletes a message for one participant, or for everyone by its sender only', () => {
    spec
      .given([sent('m1', 1)])
      .when(remove('bob', 'deleteForMe'))
      .then([deleted('bob', 'deleteForMe')]);
    spec
      .given([sent('m1', 1)])
      .when(remove('ann', 'deleteForEveryone'))
      .then([deleted('ann', 'deleteForEveryone')]);
    spec
      .given([sent('m1', 1)])
      .when(remove('bob', 'deleteForEveryone'))
      .thenThrows(NotMessageSender);
    spec
      .given([sent('m1', 1)])
      .when(remove('cat', 'deleteForMe'))
      .thenThrows(NotInConversation);
    spec
      .given([sent('m1', 1), deleted('bob', 'deleteForMe')])
      .when(remove('bob', 'deleteForMe'))
      .then([]);
    spec
      .given([sent('m1', 1), deleted('ann', 'deleteForEveryone')])
      .when(remove('bob', 'deleteForMe'))
      .then([]);
  });
});
