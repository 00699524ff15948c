import { PayloadTooLargeError, ValidationError } from '@domain/shared';
import type { MediaKind } from './media-storage';

export type DecodedDataUrl = Readonly<{ mimeType: string; extension: string; bytes: Buffer }>;

export const UPLOAD_FAILED = 'File upload: Error occurred. Try again.';

const MB = 1024 * 1024;

/** The most we keep of one medium, in decoded bytes: a phone photo fits, and a short clip. */
export const MEDIA_SIZE_LIMITS: Readonly<Record<MediaKind, number>> = { image: 5 * MB, video: 30 * MB };

/** Room in a request body for what comes with the medium (a post's text and fields, the data URL's prefix). */
const ROOM_FOR_OTHER_FIELDS = 64 * 1024;

/**
 * The JSON body limit of a route that takes one medium of `kind` as a data URL: the limit's size in base64 and room
 * for the other fields. A medium just past its limit reaches `decodeDataUrl` (413 naming the limit); a body far past
 * it is refused by the JSON parser unread (413 too).
 */
export const mediaBodyLimit = (kind: MediaKind): string => String(4 * Math.ceil(MEDIA_SIZE_LIMITS[kind] / 3) + ROOM_FOR_OTHER_FIELDS);

type Signature = Readonly<{ mimeType: string; extension: string; matches: (bytes: Buffer) => boolean }>;

const startsWith = (bytes: Buffer, prefix: readonly number[], at = 0): boolean => prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/** The media we keep, known by their first bytes: the data URL's declared type and any file name are not trusted. */
const SIGNATURES: Readonly<Record<MediaKind, readonly Signature[]>> = {
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

const DATA_URL_HEADER = /^data:[a-z]+\/[a-z0-9.+-]+;base64$/i;
const NOT_BASE64 = /[^A-Za-z0-9+/=\s]/;

const tooLarge = (kind: MediaKind): PayloadTooLargeError =>
  new PayloadTooLargeError(`${kind === 'image' ? 'Image' : 'Video'} is too large: at most ${MEDIA_SIZE_LIMITS[kind] / MB} MB.`);

/**
 * A base64 `data:` URL whose content is an image (or a video) of a known type, within the size limit of its kind.
 * Not a data URL, or not of the kind: the caller's mistake (400); too large: 413. It throws before anything is stored.
 */
export const decodeDataUrl = (source: string, kind: MediaKind): DecodedDataUrl => {
  // The header and the payload are checked apart: one pattern over megabytes of payload can exhaust the regex stack.
  const comma = source.indexOf(',');
  const payload = source.slice(comma + 1);
  if (comma < 0 || !DATA_URL_HEADER.test(source.slice(0, comma)) || payload.length === 0 || NOT_BASE64.test(payload)) throw new ValidationError(UPLOAD_FAILED);
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.length > MEDIA_SIZE_LIMITS[kind]) throw tooLarge(kind);
  const signature = SIGNATURES[kind].find((candidate) => candidate.matches(bytes));
  if (!signature) throw new ValidationError(UPLOAD_FAILED);
  return { mimeType: signature.mimeType, extension: signature.extension, bytes };
};
