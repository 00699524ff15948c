import path from 'node:path';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Actor } from '@application/identity/authenticate';
import { identifyCaller } from './middleware/authentication';
import { errorHandler, notFoundHandler } from './middleware/http-errors';
import type { Router } from 'express';

export type AppDependencies = Readonly<{
  clientUrl: string;
  /** Proxies whose X-Forwarded-For is believed: rate limits key on the client address. */
  trustProxyHops: number;
  logger: Logger;
  authenticate: (token: string | null) => Promise<Actor | null>;
  /** Routers mounted under /api/v1 (the Chatty contract). */
  apiRouters: readonly Router[];
  adminRouter: Router;
  /** Folder of locally stored media, served at /media (the embedded default; absent with Cloudinary). */
  mediaDirectory?: string;
}>;

export const createApp = (deps: AppDependencies): Express => {
  const app = express();
  app.set('trust proxy', deps.trustProxyHops);
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  app.use(cors({ origin: deps.clientUrl, credentials: true, methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] }));
  app.use(compression());
  app.use(cookieParser());
  app.get('/health', (_request, response) => {
    response.type('text').send(`Health: Server instance is healthy with process id ${process.pid} on ${new Date().toISOString()}`);
  });
  if (deps.mediaDirectory) app.use('/media', express.static(path.resolve(deps.mediaDirectory), { index: false }));
  app.use(identifyCaller(deps.authenticate));
  app.use('/api/v1', ...deps.apiRouters);
  app.use('/admin', deps.adminRouter);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
};
