import type { AccountEvent, SessionEvent } from '@domain/identity';
import type { PolicyDependencies } from '@application/shared/context-module';
import { definePolicy } from '@application/shared/policy';
import { sessionRoom, userRoom } from '@application/shared/realtime';

/**
 * A socket is authenticated once, at its handshake: when its session ends (sign-out) or the password changes (which
 * ends every other session of the user), its open sockets are disconnected, so a stolen token loses its socket too.
 */
export const endSocketsPolicy = (deps: Pick<PolicyDependencies, 'realtime'>) =>
  definePolicy<SessionEvent | AccountEvent>('identity.end-sockets', {
    SessionEnded: (event) => deps.realtime.disconnect(sessionRoom(event.data.sessionId)),
    PasswordChanged: (event) =>
      deps.realtime.disconnect(userRoom(event.data.userId), event.data.keptSessionId ? { except: sessionRoom(event.data.keptSessionId) } : {}),
  });
