import { formatHtml, formatText } from './email-format';
import { emailContent } from './email-templates';
import type { RenderableEmail } from './send-email.job';

export type RenderedEmail = Readonly<{ subject: string; html: string; text: string }>;

export const renderEmail = (payload: RenderableEmail): RenderedEmail => {
  const content = emailContent(payload);
  return { subject: content.subject, html: formatHtml(content), text: formatText(content) };
};
