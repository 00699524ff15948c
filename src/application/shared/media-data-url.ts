import { ValidationError } from '@domain/shared';

export type DecodedDataUrl = Readonly<{ mimeType: string; extension: string; bytes: Buffer }>;

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
};

export const UPLOAD_FAILED = 'File upload: Error occurred. Try again.';

/** A base64 `data:` URL of a known image or video type; anything else is the caller's mistake. */
export const decodeDataUrl = (source: string, kind: 'image' | 'video'): DecodedDataUrl => {
  const match = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/i.exec(source);
  const mimeType = match?.[1]?.toLowerCase();
  const extension = mimeType ? EXTENSIONS[mimeType] : undefined;
  if (!match || !mimeType || !extension || !mimeType.startsWith(`${kind}/`)) throw new ValidationError(UPLOAD_FAILED);
  const bytes = Buffer.from(match[2]!, 'base64');
  if (bytes.length === 0) throw new ValidationError(UPLOAD_FAILED);
  return { mimeType, extension, bytes };
};
