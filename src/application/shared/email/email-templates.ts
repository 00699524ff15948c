import type { RenderableEmail } from './send-email.job';

/** What an e-mail says, before it is written as HTML or text: formatting (and escaping) happens in one place. */
export type EmailBlock = Readonly<
  | { kind: 'text'; text: string }
  | { kind: 'button'; label: string; href: string }
  | { kind: 'details'; rows: ReadonlyArray<readonly [label: string, value: string]> }
>;

export type EmailContent = Readonly<{ subject: string; heading: string; blocks: readonly EmailBlock[] }>;

type Payload<T extends RenderableEmail['template']> = Extract<RenderableEmail, { template: T }>;

const forgotPassword = (payload: Payload<'forgot-password'>): EmailContent => ({
  subject: 'Reset your password',
  heading: 'Your password reset request',
  blocks: [
    { kind: 'text', text: `Hello ${payload.username},` },
    { kind: 'text', text: 'We received a request to reset the password of your Chatty account. Choose a new password here:' },
    { kind: 'button', label: 'Reset password', href: payload.resetLink },
    { kind: 'text', text: 'If you did not ask for this, ignore this e-mail: your password stays as it is.' },
  ],
});

const passwordChangeConfirmation = (subject: string, verb: string, payload: Payload<'password-reset-confirmation' | 'password-changed'>): EmailContent => ({
  subject,
  heading: 'Password Change Confirmation',
  blocks: [
    { kind: 'text', text: `Hello ${payload.username},` },
    { kind: 'text', text: `The password of your Chatty account was ${verb}.` },
    {
      kind: 'details',
      rows: [
        ['Email', payload.to],
        ['Date', payload.changedAt],
      ],
    },
    { kind: 'text', text: 'If you did not make this change, reset your password right away.' },
  ],
});

const notification = (payload: Payload<'notification'>): EmailContent => ({
  subject: payload.subject,
  heading: payload.header,
  blocks: [
    { kind: 'text', text: `Hello ${payload.username},` },
    { kind: 'text', text: payload.message },
  ],
});

export const emailContent = (payload: RenderableEmail): EmailContent => {
  switch (payload.template) {
    case 'forgot-password':
      return forgotPassword(payload);
    case 'password-reset-confirmation':
      return passwordChangeConfirmation('Password Reset Confirmation', 'reset', payload);
    case 'password-changed':
      return passwordChangeConfirmation('Password update confirmation', 'changed', payload);
    case 'notification':
      return notification(payload);
    default: {
      const unknown: never = payload;
      throw new Error(`Unknown e-mail template: ${JSON.stringify(unknown)}`);
    }
  }
};
