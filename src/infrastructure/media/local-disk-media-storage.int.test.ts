import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PayloadTooLargeError, ValidationError } from '@domain/shared';
import { LocalDiskMediaStorage } from './local-disk-media-storage';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const dataUrl = (bytes: Buffer, declared = 'image/png') => `data:${declared};base64,${bytes.toString('base64')}`;

/** Every file under `directory`, relative to it. */
const filesIn = async (directory: string): Promise<string[]> =>
  (await readdir(directory, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)))
    .sort();

describe('local-disk media storage', () => {
  let directory: string;
  let storage: LocalDiskMediaStorage;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'chatty-media-'));
    storage = new LocalDiskMediaStorage(directory, 'http://api.test');
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('writes the decoded bytes under the public id, with the extension of their type, and serves them under /media', async () => {
    const stored = await storage.store(dataUrl(PNG, 'image/jpeg'), { publicId: 'profile-pictures/u1/c1', kind: 'image' });

    expect(stored.publicId).toBe('profile-pictures/u1/c1');
    expect(stored.version).toMatch(/^\d+$/);
    expect(stored.url).toBe(`http://api.test/media/profile-pictures/u1/c1.png?v=${stored.version}`);
    expect(await readFile(path.join(directory, 'profile-pictures/u1/c1.png'))).toEqual(PNG);
  });

  it('replaces what was stored under the same public id, whatever its type', async () => {
    await storage.store(dataUrl(PNG), { publicId: 'backgrounds/u1/c2', kind: 'image' });
    await storage.store(dataUrl(JPEG), { publicId: 'backgrounds/u1/c2', kind: 'image' });
    expect(await filesIn(directory)).toEqual([path.join('backgrounds', 'u1', 'c2.jpg')]);
    expect(await readFile(path.join(directory, 'backgrounds/u1/c2.jpg'))).toEqual(JPEG);
  });

  it('removes a stored medium, and leaves the others (a removed one again does nothing)', async () => {
    await storage.store(dataUrl(PNG), { publicId: 'posts/p1/i1', kind: 'image' });
    await storage.store(dataUrl(PNG), { publicId: 'posts/p1/i10', kind: 'image' });
    await storage.remove('posts/p1/i1');
    await storage.remove('posts/p1/i1');
    expect(await filesIn(directory)).toEqual([path.join('posts', 'p1', 'i10.png')]);
  });

  it('writes nothing for what is not an image of a known type, or is too large', async () => {
    await expect(storage.store(dataUrl(Buffer.from('<svg onload=alert(1)>')), { publicId: 'x/1', kind: 'image' })).rejects.toThrow(ValidationError);
    await expect(storage.store(dataUrl(PNG), { publicId: 'x/2', kind: 'video' })).rejects.toThrow(ValidationError);
    const huge = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    await expect(storage.store(dataUrl(huge), { publicId: 'x/3', kind: 'image' })).rejects.toThrow(PayloadTooLargeError);
    expect(await filesIn(directory)).toEqual([]);
  });

  it('keeps every file inside its folder, whatever the public id says', async () => {
    await expect(storage.store(dataUrl(PNG), { publicId: '../escaped', kind: 'image' })).rejects.toThrow('leaves the media folder');
    await expect(storage.remove('../../etc/passwd')).rejects.toThrow('leaves the media folder');
    expect(await readdir(path.dirname(directory))).not.toContain('escaped.png');
  });
});
