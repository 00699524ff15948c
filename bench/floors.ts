import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';

export type FloorServer = Readonly<{ baseUrl: string; stop(): Promise<void> }>;

/** The key of a captured page: the caller's Authorization header and the page number. */
export const pageKey = (authorization: string, page: string): string => `${authorization} ${page}`;

/**
 * What this machine does with no system behind it: a bare Express app (no middleware) that answers the feed route
 * with pages captured from the system, from memory, and `POST /api/v1/post` with a 201 after a bare Socket.IO emit
 * of a captured post document (its text replaced by the request's) to every connected socket.
 */
export const startFloorServer = async (pages: ReadonlyMap<string, unknown>, postDocument: Record<string, unknown>): Promise<FloorServer> => {
  const app = express();
  const server = createServer(app);
  const io = new Server(server);
  app.get('/api/v1/post/all/:page', (request, response) => {
    const page = pages.get(pageKey(request.get('authorization') ?? '', request.params.page));
    if (page === undefined) response.status(404).json({ message: 'not captured' });
    else response.json(page);
  });
  app.post('/api/v1/post', express.json(), (request, response) => {
    io.emit('add post', { ...postDocument, post: (request.body as { post?: string }).post });
    response.status(201).json({ message: 'Post created successfully' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      await io.close();
      server.closeAllConnections();
    },
  };
};
