export { escapeHtml } from './email-format';
export { messageIdOf } from './message-id';
export { renderEmail, type RenderedEmail } from './render-email';
export { sendEmailHandler, type SendEmailDeps } from './send-email.handler';
export { emailPayloadSchema, sendEmail, type EmailPayload, type EmailTemplate, type RenderableEmail } from './send-email.job';
export type { EmailClaim, SentEmails } from './sent-emails';
