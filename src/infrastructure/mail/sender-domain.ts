/** The Message-ID domain when the sender address has none that fits a header. */
export const DEFAULT_MAIL_DOMAIN = 'chatty.local';

/**
 * The domain of a sender address (`Chatty App <no-reply@chatty.local>` or `no-reply@chatty.local`), lower-cased, for
 * the Message-IDs of the messages it sends; `chatty.local` if it has none that is a plain host name.
 */
export const senderDomainOf = (from: string): string => {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
  return address.includes('@') && /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/.test(domain) ? domain : DEFAULT_MAIL_DOMAIN;
};
