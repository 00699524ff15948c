import { Router, type Request, type RequestHandler } from 'express';
import { ForbiddenError, NotFoundError, ValidationError } from '@domain/shared';
import { isAdmin } from '@application/identity/admin-role';
import type { SharedDependencies } from '@application/shared/dependencies';
import { NotRebuildableError, UnknownConsumerError, UnknownDeadLetterError, type LogConsumers } from '@application/shared/log-consumers';
import { requireAuthentication } from '../middleware/authentication';
import { actorOf } from '../middleware/request-context';
import { positiveIntegerOf } from '../middleware/validation';

export type AdminRouterDependencies = Readonly<{ consumers: LogConsumers }> & Pick<SharedDependencies, 'readModels' | 'store'>;

const requireAdmin =
  (deps: Pick<SharedDependencies, 'readModels' | 'store'>): RequestHandler =>
  async (request, _response, next) => {
    next((await isAdmin(deps, actorOf(request).userId)) ? undefined : new ForbiddenError('Admin role is required.'));
  };

const asHttpError = (error: unknown): unknown => {
  if (error instanceof UnknownConsumerError || error instanceof UnknownDeadLetterError) return new NotFoundError(error.message);
  if (error instanceof NotRebuildableError) return new ValidationError(error.message);
  return error;
};

const translated =
  (handler: RequestHandler): RequestHandler =>
  async (request, response, next) => {
    try {
      await handler(request, response, next);
    } catch (error) {
      next(asHttpError(error));
    }
  };

const positionOf = (request: Request): number => positiveIntegerOf(request.params.position, { message: 'position must be a positive integer', maxDigits: 15 });

/**
 * Operators: every consumer of the log (projections, policies, realtime projections) with its checkpoint, lag and
 * dead letters; rebuilds of projections into a new generation; dead letters replayed or discarded. The routes live
 * under /admin/consumers, and under /admin/projections as before (whose list holds the projections only).
 */
export const adminRouter = (deps: AdminRouterDependencies): Router => {
  const router = Router();
  router.use(requireAuthentication, requireAdmin(deps));

  router.get('/consumers', async (_request, response) => {
    response.json({ message: 'Consumer status', consumers: await deps.consumers.status() });
  });
  router.get('/projections', async (_request, response) => {
    response.json({ message: 'Projection status', projections: await deps.consumers.projectionStatus() });
  });

  for (const prefix of ['/consumers', '/projections']) {
    router.post(
      `${prefix}/:name/rebuild`,
      translated(async (request, response) => {
        const generation = await deps.consumers.rebuild(String(request.params.name));
        response.status(202).json({ message: 'Rebuild started', generation });
      }),
    );
    router.get(
      `${prefix}/:name/dead-letters`,
      translated(async (request, response) => {
        response.json({ message: 'Dead letters', deadLetters: await deps.consumers.listDeadLetters(String(request.params.name)) });
      }),
    );
    router.post(
      `${prefix}/:name/dead-letters/:position/replay`,
      translated(async (request, response) => {
        await deps.consumers.replayDeadLetter(String(request.params.name), positionOf(request));
        response.status(202).json({ message: 'Replay requested' });
      }),
    );
    router.delete(
      `${prefix}/:name/dead-letters/:position`,
      translated(async (request, response) => {
        await deps.consumers.discardDeadLetter(String(request.params.name), positionOf(request));
        response.json({ message: 'Dead letter discarded' });
      }),
    );
  }

  return router;
};
