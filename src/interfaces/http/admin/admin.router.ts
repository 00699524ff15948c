import { Router, type RequestHandler } from 'express';
import { ForbiddenError, NotFoundError, ValidationError } from '@domain/shared';
import { isAdmin } from '@application/identity/access.projection';
import type { ReadModels } from '@application/shared/read-models';
import { UnknownDeadLetterError, UnknownProjectionError, type ProjectionAdmin } from '@infrastructure/projections/projection-admin';
import { requireAuthentication } from '../middleware/authentication';
import { actorOf } from '../middleware/request-context';

export type AdminRouterDependencies = Readonly<{ projections: ProjectionAdmin; readModels: ReadModels }>;

const requireAdmin =
  (readModels: ReadModels): RequestHandler =>
  async (request, _response, next) => {
    next((await isAdmin(readModels, actorOf(request).userId)) ? undefined : new ForbiddenError('Admin role is required.'));
  };

const asHttpError = (error: unknown): unknown =>
  error instanceof UnknownProjectionError || error instanceof UnknownDeadLetterError ? new NotFoundError(error.message) : error;

/** Operators: projection status and lag, rebuilds into a new generation, dead letters and their replay. */
export const adminRouter = (deps: AdminRouterDependencies): Router => {
  const router = Router();
  router.use(requireAuthentication, requireAdmin(deps.readModels));

  router.get('/projections', async (_request, response) => {
    response.json({ message: 'Projection status', projections: await deps.projections.status() });
  });

  router.post('/projections/:name/rebuild', async (request, response) => {
    try {
      const generation = await deps.projections.rebuild(String(request.params.name));
      response.status(202).json({ message: 'Rebuild started', generation });
    } catch (error) {
      throw asHttpError(error);
    }
  });

  router.get('/projections/:name/dead-letters', async (request, response) => {
    try {
      response.json({ message: 'Dead letters', deadLetters: await deps.projections.listDeadLetters(String(request.params.name)) });
    } catch (error) {
      throw asHttpError(error);
    }
  });

  router.post('/projections/:name/dead-letters/:position/replay', async (request, response) => {
    const position = Number(request.params.position);
    if (!Number.isInteger(position) || position < 1) throw new ValidationError('position must be a positive integer');
    try {
      await deps.projections.replayDeadLetter(String(request.params.name), position);
    } catch (error) {
      throw asHttpError(error);
    }
    response.status(202).json({ message: 'Replay requested' });
  });

  return router;
};
