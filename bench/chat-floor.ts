import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Emitter } from '@socket.io/redis-emitter';
import express from 'express';
import { Redis } from 'ioredis';
import { userRoom } from '@application/shared/realtime';

export type ChatFloorServer = Readonly<{ baseUrl: string; stop(): Promise<void> }>;

/** The key of a captured history page: the caller's Authorization header and the request's path with its query. */
export const historyPageKey = (authorization: string, url: string): string => `${authorization} ${url}`;

/**
 * What this machine does with no system behind it: a bare Express app (no middleware) that answers the history route
 * with pages captured from the system, from memory, and `POST /api/v1/chat/message` with a bare Socket.IO emit of a
 * captured message document (its body replaced by the request's) to the receiver's user room, published to the
 * system's Redis through `@socket.io/redis-emitter`: the same adapter channel and the same api process deliver it to the
 * receiver's socket as they deliver the system's messages.
 */
export const startChatFloorServer = async (
  redisUrl: string,
  pages: ReadonlyMap<string, unknown>,
  messageDocument: Record<string, unknown>,
): Promise<ChatFloorServer> => {
  const redis = new Redis(redisUrl);
  const emitter = new Emitter(redis);
  const app = express();
  const server = createServer(app);
  app.get('/api/v1/chat/message/user/:otherId', (request, response) => {
    const page = pages.get(historyPageKey(request.get('authorization') ?? '', request.originalUrl));
    if (page === undefined) response.status(404).json({ message: 'not captured' });
    else response.json(page);
  });
  app.post('/api/v1/chat/message', express.json(), (request, response) => {
    const { receiverId, body } = request.body as { receiverId: string; body: string };
    emitter.to(userRoom(receiverId)).emit('message received', { ...messageDocument, receiverId, body });
    response.json({ message: 'Message added', conversationId: messageDocument.conversationId });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
};
