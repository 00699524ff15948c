import type { CommandMetadata } from '@domain/shared';
import { sessionDecider, sessionStreamId } from '@domain/identity';
import { derivedId } from '@application/shared/ids';
import { handleCommand } from '@application/shared/handle-command';
import type { IdentityDependencies } from './identity-dependencies';

export type StartedSession = Readonly<{ sessionId: string; token: string; commitId: string; events: readonly unknown[] }>;

/** One command, one session: a retried sign-up or sign-in (the same command id) finds the session its first run started. */
const sessionIdFor = (commandId: string): string => derivedId('session', commandId, 32);

/** Records a new session for the user and issues its token (for a retry, the token of the session it started). */
export const startSession = async (deps: IdentityDependencies, userId: string, metadata: CommandMetadata): Promise<StartedSession> => {
  const sessionId = sessionIdFor(metadata.commandId);
  const result = await handleCommand(deps.store, sessionDecider, sessionStreamId(sessionId), {
    type: 'StartSession',
    data: { sessionId, userId, expiresAt: new Date(metadata.now.getTime() + deps.sessionTtlMs) },
    metadata: { ...metadata, commandId: `${metadata.commandId}:session` },
  });
  const started = result.events.find((event) => event.type === 'SessionStarted');
  if (started?.type !== 'SessionStarted') throw new Error(`Session ${sessionId} was not started by ${metadata.commandId}`);
  const { startedAt, expiresAt } = started.data;
  const token = deps.sessionTokens.issue({ userId, sessionId, issuedAt: new Date(startedAt), expiresAt: new Date(expiresAt) });
  return { sessionId, token, commitId: result.commitId, events: result.events };
};
