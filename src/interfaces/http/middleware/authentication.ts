import type { Request, RequestHandler } from 'express';
import { UnauthorizedError } from '@domain/shared';
import type { Actor } from '@application/identity/authenticate';

export const SESSION_COOKIE = 'session';

/** The session token of a request: the cookie the client sends with credentials, or an `Authorization: Bearer` header. */
export const sessionTokenOf = (request: Request): string | null => {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
  const cookie = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return bearer ?? cookie ?? null;
};

/** Resolves the caller once per request; routes that need a user add `requireAuthentication`. */
export const identifyCaller =
  (authenticate: (token: string | null) => Promise<Actor | null>): RequestHandler =>
  async (request, _response, next) => {
    try {
      request.sessionToken = sessionTokenOf(request);
      request.actor = (await authenticate(request.sessionToken)) ?? undefined;
      next();
    } catch (error) {
      next(error);
    }
  };

export const requireAuthentication: RequestHandler = (request, _response, next) => {
  if (!request.sessionToken) return next(new UnauthorizedError('Token is not available. Please login again.'));
  if (!request.actor) return next(new UnauthorizedError('Token is invalid. Please login again.'));
  next();
};
