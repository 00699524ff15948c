import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, AccountNotFound, usernames, type Account } from '@domain/identity';
import { loadState } from '@application/shared/handle-command';
import type { Write } from '@application/shared/write-tracker';
import type { IdentityDependencies } from './identity-dependencies';
import { startSession } from './start-session';

export type SignIn = Readonly<{ username: string; password: string }>;

export type SignedIn = Readonly<{ account: Extract<Account, { status: 'active' }>; token: string; writes: Write[] }>;

/** Reads the write side (the username's stream, then the account's), so sign-in works right after sign-up. */
export const signIn = async (deps: IdentityDependencies, input: SignIn, metadata: CommandMetadata): Promise<SignedIn> => {
  const reservation = await loadState(deps.store, usernames.decider, usernames.streamId(input.username));
  if (reservation.status !== 'reserved') throw new AccountNotFound();
  const account = await loadState(deps.store, accountDecider, accountStreamId(reservation.userId));
  if (account.status !== 'active' || !(await deps.hasher.verify(input.password, account.passwordHash))) throw new AccountNotFound();
  const session = await startSession(deps, account.userId, metadata);
  return { account, token: session.token, writes: [session] };
};
