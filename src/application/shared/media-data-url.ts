import { ValidationError } from '@domain/shared';

export type DecodedDataUrl = Readonly<{ mimeType: string; extension: string; bytes: Buffer }>;

export const UPLOAD_FAILED = 'File upload: Error occurred. Try again.';

type Signature = Readonly<{ mimeType: string; extension: string; matches: (bytes: Buffer) => boolean }>;

const startsWith = (bytes: Buffer, prefix: readonly number[], at = 0): boolean => prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** The media we keep, known by their first bytes: the data URL's declared type and any file name are not trusted. */
const SIGNATURES: Readonly<Record<'image' | 'video', readonly Signature[]>> = {
  image: [
    { mimeType: 'image/png', extension: 'png', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
    { mimeType: 'image/jpeg', extension: 'jpg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
    { mimeType: 'image/gif', extension: 'gif', matches: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
    { mimeType: 'image/webp', extension: 'webp', matches: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  ],
  video: [
    { mimeType: 'video/mp4', extension: 'mp4', matches: (b) => startsWith(b, ascii('ftyp'), 4) },
    { mimeType: 'video/webm', extension: 'webm', matches: (b) => startsWith(b, [0x1a, 0x45, 0xdf, 0xa3]) },
  ],
};

/** A base64 `data:` URL whose content is an image (or a video) of a known type; anything else is the caller's mistake. */
export const decodeDataUrl = (source: string, kind: 'image' | 'video'): DecodedDataUrl => {
  const match = /^data:[a-z]+\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=\s]+)$/i.exec(source);
  if (!match) throw new ValidationError(UPLOAD_FAILED);
  const bytes = Buffer.from(match[1]!, 'base64');
  const signature = SIGNATURES[kind].find((candidate) => candidate.matches(bytes));
  if (!signature) throw new ValidationError(UPLOAD_FAILED);
  return { mimeType: signature.mimeType, extension: signature.extension, bytes };
};
