import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MediaKind, MediaStorage, StoredMedia } from '@application/shared/media-storage';
import { decodeDataUrl } from '@application/shared/media-data-url';

/** The embedded default: files under `<dataDir>/media`, served by the api at `<publicUrl>/media/...`. */
export class LocalDiskMediaStorage implements MediaStorage {
  constructor(
    private readonly directory: string,
    private readonly publicUrl: string,
  ) {}

  async store(source: string, options: { publicId: string; kind: MediaKind }): Promise<StoredMedia> {
    const decoded = decodeDataUrl(source, options.kind);
    const version = String(Date.now());
    const relative = `${options.publicId}.${decoded.extension}`;
    const file = this.fileOf(relative);
    await mkdir(path.dirname(file), { recursive: true });
    await this.removeOtherFormats(options.publicId);
    await writeFile(file, decoded.bytes);
    return { url: `${this.publicUrl}/media/${relative}?v=${version}`, publicId: options.publicId, version };
  }

  async remove(publicId: string): Promise<void> {
    await this.removeOtherFormats(publicId);
  }

  private async removeOtherFormats(publicId: string): Promise<void> {
    const file = this.fileOf(publicId);
    const entries = await readdir(path.dirname(file)).catch(() => [] as string[]);
    const base = path.basename(file);
    await Promise.all(entries.filter((name) => name.startsWith(`${base}.`)).map((name) => rm(path.join(path.dirname(file), name), { force: true })));
  }

  /** Public ids are ours (`avatars/<id>`), but a path is still checked to stay inside the media folder. */
  private fileOf(relative: string): string {
    const file = path.resolve(this.directory, relative);
    if (!file.startsWith(path.resolve(this.directory) + path.sep)) throw new Error(`Media path ${relative} leaves the media folder`);
    return file;
  }
}
