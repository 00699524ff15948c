import type { CommandMetadata } from '@domain/shared';
import { sessionDecider, sessionStreamId } from '@domain/identity';
import { handleCommand } from '@application/shared/handle-command';
import type { IdentityDependencies } from './identity-dependencies';

export type StartedSession = Readonly<{ sessionId: string; token: string; commitId: string; events: readonly unknown[] }>;

/** Records a new session for the user and issues its token. */
export const startSession = async (deps: IdentityDependencies, userId: string, metadata: CommandMetadata): Promise<StartedSession> => {
  const sessionId = deps.ids.newId();
  const issuedAt = metadata.now;
  const expiresAt = new Date(issuedAt.getTime() + deps.sessionTtlMs);
  const result = await handleCommand(deps.store, sessionDecider, sessionStreamId(sessionId), {
    type: 'StartSession',
    data: { sessionId, userId, expiresAt },
    metadata: { ...metadata, commandId: `${metadata.commandId}:session` },
  });
  return { sessionId, token: deps.sessionTokens.issue({ userId, sessionId, issuedAt, expiresAt }), commitId: result.commitId, events: result.events };
};
