import type { CommandMetadata } from '@domain/shared';
import { AccountNotFound } from '@domain/identity';
import type { Write } from '@application/shared/write-tracker';
import { accountNamed, type ActiveAccount } from './account.queries';
import type { IdentityDependencies } from './identity-dependencies';
import { startSession } from './start-session';

export type SignIn = Readonly<{ username: string; password: string }>;

export type SignedIn = Readonly<{ account: ActiveAccount; token: string; writes: Write[] }>;

/** A hash of nothing anyone knows, checked when there is no account, so that a wrong name costs what a wrong password does. */
let decoyHash: Promise<string> | undefined;
const decoyHashOf = (deps: Pick<IdentityDependencies, 'hasher' | 'ids'>): Promise<string> =>
  (decoyHash ??= deps.hasher.hash(deps.ids.newId()).catch((error: unknown) => {
    decoyHash = undefined; // made again at the next sign-in, rather than failing every one
    throw error;
  }));

/**
 * Reads the write side (the username's stream, then the account's), so sign-in works right after sign-up. An unknown
 * name takes as long as a wrong password (a password is checked either way), so answers do not tell who has an account.
 */
export const signIn = async (deps: IdentityDependencies, input: SignIn, metadata: CommandMetadata): Promise<SignedIn> => {
  const account = await accountNamed(deps.store, input.username);
  const passwordHash = account?.status === 'active' ? account.passwordHash : await decoyHashOf(deps);
  const passwordMatches = await deps.hasher.verify(input.password, passwordHash);
  if (account?.status !== 'active' || !passwordMatches) throw new AccountNotFound();
  const session = await startSession(deps, account.userId, metadata);
  return { account, token: session.token, writes: [session] };
};
