import type { SharedDependencies } from '@application/shared/dependencies';
import type { PasswordHasher, ResetTokens, SessionTokens } from './ports';

/** The ports only identity uses, bound in the same bag as the shared ones. */
export type IdentityPorts = Readonly<{
  hasher: PasswordHasher;
  sessionTokens: SessionTokens;
  resetTokens: ResetTokens;
  sessionTtlMs: number;
  /** The client's origin: reset links in e-mails point there. */
  clientUrl: string;
}>;

export type IdentityDependencies = SharedDependencies & IdentityPorts;
