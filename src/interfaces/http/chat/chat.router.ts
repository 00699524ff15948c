import { Router } from 'express';
import { deleteChatMessage, markChatMessagesRead, reactToChatMessage, sendChatMessage } from '@application/chat/message.handlers';
import { getChatHistory, getConversationList } from '@application/chat/messages.query';
import type { ChatPorts } from '@application/chat/ports';
import { mediaBodyLimit } from '@application/shared/media-data-url';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { jsonBody } from '../middleware/json-body';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { parseBody } from '../middleware/validation';
import { deleteScopeOf, historyPageOf, markAsReadBody, pathIdOf, reactionBody, sendMessageBody } from './chat.schemas';

export type ChatRouterDependencies = Pick<ApiDependencies, 'store' | 'media' | 'clock' | 'readModels' | 'writeTracker' | 'readYourWritesTimeoutMs'> &
  Pick<ChatPorts, 'chatWindows'>;

/**
 * Contract 2.9, messages. Every route acts for the caller in the conversation of the caller and one other user: no one
 * else reads, sends, marks, reacts or deletes in it. The history is paged (`?before=`, `?after=`, `?limit=`).
 */
export const chatRouter = (deps: ChatRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  router.get('/chat/message/conversation-list', requireAuthentication, async (request, response) => {
    const list = await queryAsCaller(deps, request, getConversationList, actorOf(request).userId);
    response.json({ message: 'User conversation list', list });
  });

  router.get('/chat/message/user/:receiverId', requireAuthentication, async (request, response) => {
    const otherId = pathIdOf(request.params.receiverId, 'receiverId');
    const page = historyPageOf(request.query);
    const messages = await queryAsCaller(deps, request, getChatHistory, actorOf(request).userId, otherId, page);
    response.json({ message: 'User chat messages', messages });
  });

  router.post('/chat/message', requireAuthentication, jsonBody(mediaBodyLimit('image')), async (request, response) => {
    const body = parseBody(sendMessageBody, request.body);
    const { userId } = actorOf(request);
    const input = {
      senderId: userId,
      receiverId: body.receiverId,
      receiverUsername: body.receiverUsername,
      conversationId: body.conversationId || null,
      body: body.body ?? '',
      gifUrl: body.gifUrl ?? '',
      imageDataUrl: body.selectedImage || null,
    };
    const result = await sendChatMessage(deps, input, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Message added', conversationId: result.conversationId });
  });

  router.put('/chat/message/mark-as-read', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(markAsReadBody, request.body);
    const { userId } = actorOf(request);
    const result = await markChatMessagesRead(deps, { callerId: userId, ...body }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json({ message: 'Message marked as read' });
  });

  router.put('/chat/message/reaction', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(reactionBody, request.body);
    const { userId } = actorOf(request);
    const input = { callerId: userId, conversationId: body.conversationId, messageId: body.messageId, reaction: body.type === 'add' ? body.reaction : null };
    await deps.writeTracker.recordWrites(userId, [await reactToChatMessage(deps, input, commandMetadataOf(request, clock))]);
    response.json({ message: 'Message reaction added' });
  });

  router.delete('/chat/message/mark-as-deleted/:messageId/:senderId/:receiverId/:type', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const input = {
      callerId: userId,
      messageId: pathIdOf(request.params.messageId, 'messageId'),
      senderId: pathIdOf(request.params.senderId, 'senderId'),
      receiverId: pathIdOf(request.params.receiverId, 'receiverId'),
      scope: deleteScopeOf(String(request.params.type)),
    };
    await deps.writeTracker.recordWrites(userId, [await deleteChatMessage(deps, input, commandMetadataOf(request, clock))]);
    response.json({ message: 'Message marked as deleted' });
  });

  return router;
};
