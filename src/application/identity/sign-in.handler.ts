import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, AccountNotFound } from '@domain/identity';
import { handleCommand } from '@application/shared/handle-command';
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
 * The password just proved right, hashed again when its hash is of an earlier format or weaker costs. A retried
 * sign-in finds its first rehash (same command id); a password changed meanwhile wins over the rehash.
 */
const rehashIfWeaker = async (deps: IdentityDependencies, account: ActiveAccount, password: string, metadata: CommandMetadata): Promise<void> => {
  if (!deps.hasher.needsRehash(account.passwordHash)) return;
  const passwordHash = await deps.hasher.hash(password);
  await handleCommand(
    deps.store,
    accountDecider,
    accountStreamId(account.userId),
    {
      type: 'RehashPassword',
      data: { userId: account.userId, passwordHash, replacedHash: account.passwordHash },
      metadata: { ...metadata, commandId: `${metadata.commandId}:rehash` },
    },
    { retryOnConflict: true },
  );
};

/**
 * Reads the write side (the username's stream, then the account's), so sign-in works right after sign-up. An unknown
 * name takes as long as a wrong password (a password is checked either way), so answers do not tell who has an account.
 */
export const signIn = async (deps: IdentityDependencies, input: SignIn, metadata: CommandMetadata): Promise<SignedIn> => {
  const account = await accountNamed(deps.store, input.username);
  const passwordHash = account?.status === 'active' ? account.passwordHash : await decoyHashOf(deps);
  const passwordMatches = await deps.hasher.verify(input.password, passwordHash);
  if (account?.status !== 'active' || !passwordMatches) throw new AccountNotFound();
  await rehashIfWeaker(deps, account, input.password, metadata);
  const session = await startSession(deps, account.userId, metadata);
  return { account, token: session.token, writes: [session] };
};
