/** A link the client shows (a GIF): only an absolute http(s) URL, never `javascript:` or a data URL. */
export const isWebUrl = (value: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};
