import { PayloadTooLargeError, ValidationError } from '@domain/shared';
import { decodeDataUrl, MEDIA_SIZE_LIMITS, mediaBodyLimit } from './media-data-url';

const dataUrl = (declared: string, content: number[] | string | Buffer) =>
  `data:${declared};base64,${(Buffer.isBuffer(content) ? content : Buffer.from(content as never)).toString('base64')}`;
const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
/** A PNG (by its first bytes) of exactly `size` bytes. */
const pngOfSize = (size: number) => Buffer.concat([Buffer.from(png), Buffer.alloc(size - png.length)]);
const mp4OfSize = (size: number) => Buffer.concat([Buffer.from('\u0000\u0000\u0000\u0018ftypmp42'), Buffer.alloc(size - 12)]);

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('a media data URL', () => {
  it('is known by its content, not by the type it declares', () => {
    expect(decodeDataUrl(dataUrl('image/jpeg', png), 'image')).toMatchObject({ mimeType: 'image/png', extension: 'png' });
    expect(decodeDataUrl(dataUrl('image/png', [0xff, 0xd8, 0xff, 0xe0]), 'image').mimeType).toBe('image/jpeg');
    expect(decodeDataUrl(dataUrl('image/gif', 'GIF89a....'), 'image').mimeType).toBe('image/gif');
    expect(decodeDataUrl(dataUrl('image/webp', 'RIFF\u0000\u0000\u0000\u0000WEBPVP8 '), 'image').mimeType).toBe('image/webp');
    expect(decodeDataUrl(dataUrl('video/mp4', '\u0000\u0000\u0000\u0018ftypmp42'), 'video').mimeType).toBe('video/mp4');
    expect(decodeDataUrl(dataUrl('video/webm', [0x1a, 0x45, 0xdf, 0xa3, 1]), 'video').mimeType).toBe('video/webm');
  });

  it.each([
    ['bytes that are no image, under an image type', dataUrl('image/png', 'AAAA'), 'image'],
    ['markup under an image type', dataUrl('image/png', '<svg onload=alert(1)>'), 'image'],
    ['an image where a video is expected', dataUrl('video/mp4', png), 'video'],
    ['a video where an image is expected', dataUrl('image/png', '\u0000\u0000\u0000\u0018ftypmp42'), 'image'],
    ['no bytes', 'data:image/png;base64,', 'image'],
    ['a URL instead of data', 'https://example.com/cat.png', 'image'],
  ] as const)('refuses %s as a bad request', (_what, source, kind) => expect(() => decodeDataUrl(source, kind)).toThrow(ValidationError));

  describe('size limits, on the decoded bytes', () => {
    it('keeps an image of exactly 5 MB and a video of exactly 30 MB', () => {
      expect(decodeDataUrl(dataUrl('image/png', pngOfSize(MEDIA_SIZE_LIMITS.image)), 'image').bytes.length).toBe(5 * 1024 * 1024);
      expect(decodeDataUrl(dataUrl('video/mp4', mp4OfSize(MEDIA_SIZE_LIMITS.video)), 'video').bytes.length).toBe(30 * 1024 * 1024);
    });

    it('refuses one byte more as too large, naming the limit', () => {
      const image = errorOf(() => decodeDataUrl(dataUrl('image/png', pngOfSize(MEDIA_SIZE_LIMITS.image + 1)), 'image'));
      expect(image).toBeInstanceOf(PayloadTooLargeError);
      expect((image as Error).message).toBe('Image is too large: at most 5 MB.');
      const video = errorOf(() => decodeDataUrl(dataUrl('video/mp4', mp4OfSize(MEDIA_SIZE_LIMITS.video + 1)), 'video'));
      expect(video).toBeInstanceOf(PayloadTooLargeError);
      expect((video as Error).message).toBe('Video is too large: at most 30 MB.');
    });

    it('gives routes a JSON body limit that holds the largest medium of the kind with room for other fields', () => {
      for (const kind of ['image', 'video'] as const) {
        const largest = JSON.stringify({ post: 'x'.repeat(8_000), [kind]: dataUrl(`${kind}/png`, Buffer.alloc(MEDIA_SIZE_LIMITS[kind])) });
        const limit = Number(mediaBodyLimit(kind)); // a count of bytes, as the JSON parser reads it
        expect(limit).toBeGreaterThan(Buffer.byteLength(largest));
        expect(limit).toBeLessThan(Buffer.byteLength(largest) + 100 * 1024);
      }
    });
  });
});
