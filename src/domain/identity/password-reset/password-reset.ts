import { z } from 'zod';
import { defineEvent, DomainError, type Command, type Decider, type EventOf } from '@domain/shared';

/** One reset link. Its secret part is never stored: only the token id is, and the secret is derived from it with a server key. */
export const passwordResetRequested = defineEvent(
  'PasswordResetRequested',
  1,
  z.object({ tokenId: z.string().min(1), userId: z.string().min(1), email: z.string(), username: z.string(), requestedAt: z.string(), expiresAt: z.string() }),
);
export const passwordResetTokenUsed = defineEvent(
  'PasswordResetTokenUsed',
  1,
  z.object({ tokenId: z.string().min(1), userId: z.string().min(1), usedAt: z.string() }),
);

export const passwordResetEvents = [passwordResetRequested, passwordResetTokenUsed];
export type PasswordResetEvent = EventOf<typeof passwordResetRequested> | EventOf<typeof passwordResetTokenUsed>;

export type PasswordReset =
  { status: 'none' } | { status: 'requested'; userId: string; requestedAt: string; expiresAt: string } | { status: 'used'; userId: string };

export type RequestPasswordReset = Command<'RequestPasswordReset', { tokenId: string; userId: string; email: string; username: string; expiresAt: Date }>;
/** `passwordChangedAt`: the account's last password change; a link asked for before it no longer works. */
export type UsePasswordResetToken = Command<'UsePasswordResetToken', { tokenId: string; passwordChangedAt: string | null }>;
export type PasswordResetCommand = RequestPasswordReset | UsePasswordResetToken;

export const RESET_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** Unknown, used and expired tokens are refused alike, so the answer tells nothing about which. */
export class ResetTokenInvalid extends DomainError {
  readonly code = 'reset_token_invalid';
  constructor() {
    super('Reset token has expired.');
  }
}

export const passwordResetStreamId = (tokenId: string): string => `password-reset:${tokenId}`;

export const passwordResetDecider: Decider<PasswordResetCommand, PasswordResetEvent, PasswordReset> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) =>
    event.type === 'PasswordResetRequested'
      ? { status: 'requested', userId: event.data.userId, requestedAt: event.data.requestedAt, expiresAt: event.data.expiresAt }
      : { status: 'used', userId: event.data.userId },
  decide: (command, state) => {
    switch (command.type) {
      case 'RequestPasswordReset':
        if (state.status !== 'none') return [];
        return [
          {
            type: 'PasswordResetRequested',
            data: { ...command.data, requestedAt: command.metadata.now.toISOString(), expiresAt: command.data.expiresAt.toISOString() },
          },
        ];
      case 'UsePasswordResetToken': {
        if (state.status !== 'requested' || command.metadata.now.getTime() > Date.parse(state.expiresAt)) throw new ResetTokenInvalid();
        const { passwordChangedAt } = command.data;
        if (passwordChangedAt !== null && Date.parse(state.requestedAt) < Date.parse(passwordChangedAt)) throw new ResetTokenInvalid();
        return [{ type: 'PasswordResetTokenUsed', data: { tokenId: command.data.tokenId, userId: state.userId, usedAt: command.metadata.now.toISOString() } }];
      }
    }
  },
};
