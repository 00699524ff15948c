import { escapeHtml } from './email-format';
import { renderEmail } from './render-email';
import { emailPayloadSchema, type EmailPayload, type RenderableEmail } from './send-email.job';

const hostile = `<script>alert("x")</script> & 'friends'`;

const forgot: RenderableEmail = {
  template: 'forgot-password',
  to: 'ada@example.com',
  username: 'Ada',
  resetLink: 'http://localhost:3000/reset-password?token=abc&x=1',
};
const resetConfirmation: EmailPayload = {
  template: 'password-reset-confirmation',
  to: 'ada@example.com',
  username: 'Ada',
  changedAt: '2024-05-06T07:08:09.000Z',
};
const notification: EmailPayload = {
  template: 'notification',
  to: 'ada@example.com',
  username: 'Ada',
  subject: 'Bob is now following you.',
  header: 'Follower Notification',
  message: 'Bob is now following you.',
};

describe('renderEmail', () => {
  it('gives each template the subject of the old backend', () => {
    expect(renderEmail(forgot).subject).toBe('Reset your password');
    expect(renderEmail(resetConfirmation).subject).toBe('Password Reset Confirmation');
    expect(renderEmail({ ...resetConfirmation, template: 'password-changed' }).subject).toBe('Password update confirmation');
    expect(renderEmail(notification).subject).toBe('Bob is now following you.');
  });

  it('puts the reset link in the forgot-password e-mail, escaped in HTML and verbatim in text', () => {
    const email = renderEmail(forgot);
    expect(email.html).toContain('Your password reset request');
    expect(email.html).toContain('href="http://localhost:3000/reset-password?token=abc&amp;x=1"');
    expect(email.html).toContain('Reset password');
    expect(email.text).toContain('Reset password: http://localhost:3000/reset-password?token=abc&x=1');
  });

  it('shows the account e-mail and the ISO date in the confirmations, and no IP address', () => {
    for (const payload of [resetConfirmation, { ...resetConfirmation, template: 'password-changed' as const }]) {
      const email = renderEmail(payload);
      expect(email.html).toContain('Password Change Confirmation');
      expect(email.html).toContain('ada@example.com');
      expect(email.html).toContain('2024-05-06T07:08:09.000Z');
      expect(email.text).toContain('Date: 2024-05-06T07:08:09.000Z');
      expect(`${email.html}${email.text}`).not.toMatch(/IP Address|\d+\.\d+\.\d+\.\d+/);
    }
  });

  it('shows the header, the greeting, the message and the signature in a notification', () => {
    const email = renderEmail({ ...notification, message: 'first line\nsecond line' });
    expect(email.html).toContain('<h1>Follower Notification</h1>');
    expect(email.html).toContain('Hello Ada,');
    expect(email.html).toContain('first line<br>\nsecond line');
    expect(email.text).toBe('Follower Notification\n\nHello Ada,\n\nfirst line\nsecond line\n\nChatty App Team');
  });

  it('escapes every interpolated value in the HTML', () => {
    const email = renderEmail({ ...notification, username: hostile, subject: hostile, header: hostile, message: hostile });
    expect(email.html).not.toContain('<script>');
    expect(email.html.split(escapeHtml(hostile))).toHaveLength(5);
    expect(email.text).toContain(hostile);
  });

  it('escapes the characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('emailPayloadSchema', () => {
  it('carries a reset token id, never the link with its secret', () => {
    const job = { template: 'forgot-password', to: 'ada@example.com', username: 'Ada', resetTokenId: 'a1b2-c3' };
    expect(emailPayloadSchema.safeParse(job).success).toBe(true);
    expect(emailPayloadSchema.safeParse({ ...job, resetTokenId: 'abc.signature' }).success).toBe(false);
    expect(emailPayloadSchema.safeParse({ ...job, resetLink: 'http://localhost:3000/reset-password?token=abc' }).success).toBe(false);
  });

  it('refuses a subject spanning lines, which would inject mail headers', () => {
    expect(emailPayloadSchema.safeParse({ ...notification, subject: 'Hi\r\nBcc: all@example.com' }).success).toBe(false);
  });

  it('refuses a date that is not an ISO instant, and an unknown template', () => {
    expect(emailPayloadSchema.safeParse({ ...resetConfirmation, changedAt: '06//05//2024 07:08' }).success).toBe(false);
    expect(emailPayloadSchema.safeParse({ ...notification, template: 'welcome' }).success).toBe(false);
  });
});
