import { ValidationError } from '@domain/shared';
import { decodeDataUrl } from './media-data-url';

const dataUrl = (declared: string, bytes: number[] | string) => `data:${declared};base64,${Buffer.from(bytes as never).toString('base64')}`;
const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

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
    ['no bytes', 'data:image/png;base64,', 'image'],
    ['a URL instead of data', 'https://example.com/cat.png', 'image'],
  ] as const)('refuses %s', (_what, source, kind) => expect(() => decodeDataUrl(source, kind)).toThrow(ValidationError));
});
