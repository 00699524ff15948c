import { Router } from 'express';
import { closeChatWindow, openChatWindow, type ChatWindowsDependencies } from '@application/chat/chat-windows';
import { requireAuthentication } from '../middleware/authentication';
import { jsonBody } from '../middleware/json-body';
import { actorOf } from '../middleware/request-context';
import { parseBody } from '../middleware/validation';
import { chatUsersBody } from './chat-users.schemas';

/**
 * Contract 2.9, chat windows: the caller (`userOne`) opens or closes the conversation with `userTwo`. Nothing is
 * appended to the log: open windows are passing state, like presence. Each of the two users gets their
 * `add chat users` list before the answer.
 */
export const chatUsersRouter = (deps: ChatWindowsDependencies): Router => {
  const router = Router();

  router.post('/chat/message/add-chat-users', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(chatUsersBody, request.body);
    await openChatWindow(deps, { callerId: actorOf(request).userId, ...body });
    response.json({ message: 'Users added' });
  });

  router.post('/chat/message/remove-chat-users', requireAuthentication, jsonBody(), async (request, response) => {
    const body = parseBody(chatUsersBody, request.body);
    await closeChatWindow(deps, { callerId: actorOf(request).userId, ...body });
    response.json({ message: 'Users removed' });
  });

  return router;
};
