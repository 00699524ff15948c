export type StoredMedia = Readonly<{ url: string; publicId: string; version: string }>;

export type MediaKind = 'image' | 'video';

export interface MediaStorage {
  /** Stores a base64 data URL (or fetches a remote URL) under `publicId`; rejects with a ValidationError on bad data. */
  store(source: string, options: { publicId: string; kind: MediaKind; overwrite?: boolean }): Promise<StoredMedia>;
  remove(publicId: string, kind: MediaKind): Promise<void>;
}
