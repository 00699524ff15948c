import { z } from 'zod';
import { defineEvent, DomainError, type Command, type Decider, type EventOf } from '@domain/shared';

export const accountRegistered = defineEvent(
  'AccountRegistered',
  1,
  z.object({
    userId: z.string().min(1),
    username: z.string().min(1),
    email: z.string().min(1),
    passwordHash: z.string().min(1),
    avatarColor: z.string(),
    profilePicture: z.string(),
    uId: z.string().min(1),
    registeredAt: z.string(),
  }),
);

/** A new password hash. Every other session of the user ends; `keptSessionId` is the one that asked, if any. */
export const passwordChanged = defineEvent(
  'PasswordChanged',
  1,
  z.object({
    userId: z.string().min(1),
    passwordHash: z.string().min(1),
    changedAt: z.string(),
    keptSessionId: z.string().nullable(),
    reason: z.enum(['change', 'reset']),
  }),
);

/**
 * The same password, hashed again with the current algorithm or costs (found weaker at a successful sign-in). Unlike a
 * change, it ends no session and leaves reset links valid.
 */
export const passwordRehashed = defineEvent(
  'PasswordRehashed',
  1,
  z.object({ userId: z.string().min(1), passwordHash: z.string().min(1), rehashedAt: z.string() }),
);

/** Operators may see projection status and start rebuilds. Granted by an operator through the CLI. */
export const adminRoleGranted = defineEvent('AdminRoleGranted', 1, z.object({ userId: z.string().min(1), grantedAt: z.string() }));

/** A new profile picture, already stored: its full URL, and its id and version in the media storage. */
export const profilePictureChanged = defineEvent(
  'ProfilePictureChanged',
  1,
  z.object({ userId: z.string().min(1), profilePicture: z.string().min(1), imageId: z.string().min(1), imgVersion: z.string(), changedAt: z.string() }),
);

export const accountEvents = [accountRegistered, passwordChanged, passwordRehashed, adminRoleGranted, profilePictureChanged];
export type AccountEvent =
  | EventOf<typeof accountRegistered>
  | EventOf<typeof passwordChanged>
  | EventOf<typeof passwordRehashed>
  | EventOf<typeof adminRoleGranted>
  | EventOf<typeof profilePictureChanged>;

export type Account =
  | { status: 'none' }
  | {
      status: 'active';
      userId: string;
      username: string;
      email: string;
      passwordHash: string;
      avatarColor: string;
      profilePicture: string;
      uId: string;
      registeredAt: string;
      isAdmin: boolean;
      /** When the password last changed (null: never since registration); older reset links no longer work. */
      passwordChangedAt: string | null;
    };

export type RegisterAccount = Command<'RegisterAccount', Omit<EventOf<typeof accountRegistered>['data'], 'registeredAt'>>;
export type ChangePassword = Command<'ChangePassword', { userId: string; passwordHash: string; keptSessionId: string | null; reason: 'change' | 'reset' }>;
/** `replacedHash` is the hash the password was checked against: if the password changed since, the new hash is dropped. */
export type RehashPassword = Command<'RehashPassword', { userId: string; passwordHash: string; replacedHash: string }>;
export type GrantAdminRole = Command<'GrantAdminRole', { userId: string }>;
export type ChangeProfilePicture = Command<'ChangeProfilePicture', { userId: string; profilePicture: string; imageId: string; imgVersion: string }>;
export type AccountCommand = RegisterAccount | ChangePassword | RehashPassword | GrantAdminRole | ChangeProfilePicture;

export class AccountAlreadyExists extends DomainError {
  readonly code = 'account_exists';
  constructor() {
    super('Invalid credentials');
  }
}

export class AccountNotFound extends DomainError {
  readonly code = 'account_not_found';
  constructor() {
    super('Invalid credentials');
  }
}

export const accountStreamId = (userId: string): string => `account:${userId}`;

export const accountDecider: Decider<AccountCommand, AccountEvent, Account> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'AccountRegistered': {
        const { registeredAt, ...data } = event.data;
        return { status: 'active', ...data, registeredAt, isAdmin: false, passwordChangedAt: null };
      }
      case 'PasswordChanged':
        return state.status === 'active' ? { ...state, passwordHash: event.data.passwordHash, passwordChangedAt: event.data.changedAt } : state;
      case 'PasswordRehashed':
        return state.status === 'active' ? { ...state, passwordHash: event.data.passwordHash } : state;
      case 'AdminRoleGranted':
        return state.status === 'active' ? { ...state, isAdmin: true } : state;
      case 'ProfilePictureChanged':
        return state.status === 'active' ? { ...state, profilePicture: event.data.profilePicture } : state;
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterAccount':
        if (state.status === 'active') throw new AccountAlreadyExists();
        return [{ type: 'AccountRegistered', data: { ...command.data, registeredAt: command.metadata.now.toISOString() } }];
      case 'ChangePassword':
        if (state.status !== 'active') throw new AccountNotFound();
        return [{ type: 'PasswordChanged', data: { ...command.data, changedAt: command.metadata.now.toISOString() } }];
      case 'RehashPassword': {
        if (state.status !== 'active') throw new AccountNotFound();
        if (state.passwordHash !== command.data.replacedHash) return []; // changed meanwhile, or already rehashed
        const { userId, passwordHash } = command.data;
        return [{ type: 'PasswordRehashed', data: { userId, passwordHash, rehashedAt: command.metadata.now.toISOString() } }];
      }
      case 'GrantAdminRole':
        if (state.status !== 'active') throw new AccountNotFound();
        if (state.isAdmin) return [];
        return [{ type: 'AdminRoleGranted', data: { userId: command.data.userId, grantedAt: command.metadata.now.toISOString() } }];
      case 'ChangeProfilePicture':
        if (state.status !== 'active') throw new AccountNotFound();
        if (state.profilePicture === command.data.profilePicture) return [];
        return [{ type: 'ProfilePictureChanged', data: { ...command.data, changedAt: command.metadata.now.toISOString() } }];
    }
  },
};
