import type { EmailBlock, EmailContent } from './email-templates';

const signature = 'Chatty App Team';

const htmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in quoted attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);

const multiline = (value: string): string => escapeHtml(value).replace(/\r?\n/g, '<br>\n');

const buttonStyle = 'display:inline-block;padding:10px 20px;background:#50b5ff;color:#ffffff;border-radius:4px;text-decoration:none';

const blockHtml = (block: EmailBlock): string => {
  switch (block.kind) {
    case 'text':
      return `<p>${multiline(block.text)}</p>`;
    case 'button':
      return (
        `<p><a href="${escapeHtml(block.href)}" style="${buttonStyle}">${escapeHtml(block.label)}</a></p>\n` +
        `<p>If the button does not work, open this link: <a href="${escapeHtml(block.href)}">${escapeHtml(block.href)}</a></p>`
      );
    case 'details':
      return `<table>\n${block.rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n')}\n</table>`;
  }
};

const blockText = (block: EmailBlock): string => {
  switch (block.kind) {
    case 'text':
      return block.text;
    case 'button':
      return `${block.label}: ${block.href}`;
    case 'details':
      return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
  }
};

export const formatHtml = (content: EmailContent): string =>
  [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#333333">',
    `<h1>${escapeHtml(content.heading)}</h1>`,
    ...content.blocks.map(blockHtml),
    `<p>${signature}</p>`,
    '</body>',
    '</html>',
  ].join('\n');

export const formatText = (content: EmailContent): string => [content.heading, ...content.blocks.map(blockText), signature].join('\n\n');
