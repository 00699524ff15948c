import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CommandMetadata } from '@domain/shared';
import type { Actor } from '@application/identity/authenticate';
import type { Clock } from '@application/shared/clock';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    sessionToken?: string | null;
  }
}

/**
 * The metadata of the command a request carries. With an `Idempotency-Key` header, the command id is derived from the
 * key, the caller, the request's path and its body, so the same request retried appends nothing new and gets the first
 * result; a key sent again with anything different is a new command, never a way to get another request's result.
 * Without a key, every request is a new command.
 */
export const commandMetadataOf = (request: Request, clock: Clock): CommandMetadata => {
  const key = request.get('idempotency-key');
  const actorId = request.actor?.userId ?? null;
  const scope = JSON.stringify([actorId ?? 'anonymous', request.method, request.originalUrl, key, request.body ?? null]);
  return {
    commandId: key ? createHash('sha256').update(scope).digest('hex').slice(0, 32) : randomUUID(),
    now: clock.now(),
    actorId,
    correlationId: request.get('x-request-id') ?? randomUUID(),
    causationId: null,
  };
};

/** The signed-in user; only called behind `requireAuthentication`. */
export const actorOf = (request: Request): Actor => {
  if (!request.actor) throw new Error('actorOf called on a route without requireAuthentication');
  return request.actor;
};
