import type { AccountEvent, SessionEvent } from '@domain/identity';
import type { SharedDependencies } from '@application/shared/dependencies';
import { definePolicy } from '@application/shared/policy';
import { userRoom } from '@application/shared/realtime';
import { sessionRoom } from './rooms';

/**
 * A socket is authenticated once, at its handshake: when its session ends (sign-out) or the password changes (which
 * ends every other session of the user), its open sockets are disconnected, so a stolen token loses its socket too.
 */
export const endSocketsPolicy = (deps: Pick<SharedDependencies, 'realtime'>) =>
  definePolicy<SessionEvent | AccountEvent>('identity.end-sockets', {
    SessionEnded: (event) => deps.realtime.disconnect(sessionRoom(event.data.sessionId)),
    PasswordChanged: (event) =>
      deps.realtime.disconnect(userRoom(event.data.userId), event.data.keptSessionId ? { except: sessionRoom(event.data.keptSessionId) } : {}),
  });
