import type { AccountEvent, PasswordResetEvent } from '@domain/identity';
import { sendEmail } from '@application/shared/email';
import { definePolicy } from '@application/shared/policy';
import type { SharedDependencies } from '@application/shared/dependencies';
import { loadState } from '@application/shared/handle-command';
import { accountDecider, accountStreamId } from '@domain/identity';

export type IdentityEmailsDependencies = Pick<SharedDependencies, 'jobs' | 'store'>;

/** The e-mails of the account slice: the reset link, and the confirmation after a reset or a change of password. */
export const identityEmailsPolicy = (deps: IdentityEmailsDependencies) =>
  definePolicy<AccountEvent | PasswordResetEvent>('identity.emails', {
    PasswordResetRequested: async (event) => {
      await deps.jobs.enqueue(
        sendEmail,
        { template: 'forgot-password', to: event.data.email, username: event.data.username, resetTokenId: event.data.tokenId },
        { jobId: `email:${event.metadata.eventId}` },
      );
    },
    PasswordChanged: async (event) => {
      const account = await loadState(deps.store, accountDecider, accountStreamId(event.data.userId));
      if (account.status !== 'active') return;
      const template = event.data.reason === 'reset' ? 'password-reset-confirmation' : 'password-changed';
      await deps.jobs.enqueue(
        sendEmail,
        { template, to: account.email, username: account.username, changedAt: event.data.changedAt },
        { jobId: `email:${event.metadata.eventId}` },
      );
    },
  });
