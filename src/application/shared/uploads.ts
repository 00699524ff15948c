import { DomainError, type CommandMetadata } from '@domain/shared';
import type { SharedDependencies } from './dependencies';
import type { MediaKind } from './media-storage';

/** A medium as the client sends it (a base64 data URL, already checked), and where it is to be stored. */
export type Upload = Readonly<{ kind: MediaKind; dataUrl: string; publicId: string }>;

export type StoredMedium = Readonly<{ id: string; version: string; url: string }>;

/**
 * Stores the upload, if any, then runs the command that refers to it. The public id comes from the command, so a
 * retried request overwrites its own file; a retried request whose command already ran stores nothing (the command
 * returns its first result). When the command is refused (a domain error), the stored file is removed again: nothing
 * refers to it. After any other failure the same command may still land (the append, or a twin request under the same
 * key), so the file stays.
 */
export const withStoredUpload = async <R>(
  { store, media }: Pick<SharedDependencies, 'store' | 'media'>,
  streamId: string,
  upload: Upload | undefined,
  metadata: CommandMetadata,
  run: (stored: StoredMedium | null) => Promise<R>,
): Promise<R> => {
  if (!upload || (await store.readStream(streamId)).commitIds.has(metadata.commandId)) return run(null);
  const stored = await media.store(upload.dataUrl, { publicId: upload.publicId, kind: upload.kind, overwrite: true });
  const medium = { id: stored.publicId, version: stored.version, url: stored.url };
  try {
    return await run(medium);
  } catch (error) {
    if (error instanceof DomainError) await media.remove(medium.id, upload.kind);
    throw error;
  }
};
