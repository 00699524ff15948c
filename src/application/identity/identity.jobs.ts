import { registerJob, type JobRegistration } from '@application/shared/jobs';
import { sendEmail, sendEmailHandler } from '@application/shared/email';
import type { IdentityDependencies } from './identity-dependencies';

/** The client's page for a new password: the token carries the reset token id and its signature. */
export const resetLinkFor = (deps: Pick<IdentityDependencies, 'clientUrl' | 'resetTokens'>, resetTokenId: string): string =>
  `${deps.clientUrl}/reset-password?token=${encodeURIComponent(deps.resetTokens.tokenFor(resetTokenId))}`;

/**
 * E-mails are sent by one job for every context; identity registers it, because the reset link it renders is
 * identity's (jobs carry only the reset token id, and the worker derives the link when it sends).
 */
export const identityJobs = (deps: Pick<IdentityDependencies, 'clientUrl' | 'resetTokens' | 'mailer' | 'sentEmails'>): JobRegistration[] => [
  registerJob(sendEmail, sendEmailHandler({ mailer: deps.mailer, sentEmails: deps.sentEmails, resetLinkFor: (tokenId) => resetLinkFor(deps, tokenId) })),
];
