import { v2 as cloudinary, type UploadApiResponse } from 'cloudinary';
import type { Logger } from 'pino';
import { ValidationError } from '@domain/shared';
import type { MediaKind, MediaStorage, StoredMedia } from '@application/shared/media-storage';
import { decodeDataUrl, UPLOAD_FAILED } from '@application/shared/media-data-url';

/**
 * Used when CLOUDINARY_URL is configured (`cloudinary://key:secret@cloud`). As the SDK does with that variable, query
 * parameters are options (`?upload_prefix=https://api-eu.cloudinary.com` for another API host).
 */
export class CloudinaryMediaStorage implements MediaStorage {
  constructor(
    cloudinaryUrl: string,
    private readonly logger: Logger,
  ) {
    const url = new URL(cloudinaryUrl);
    cloudinary.config({
      ...Object.fromEntries(url.searchParams),
      cloud_name: url.hostname,
      api_key: decodeURIComponent(url.username),
      api_secret: decodeURIComponent(url.password),
      secure: true,
    });
  }

  async store(source: string, options: { publicId: string; kind: MediaKind; overwrite?: boolean }): Promise<StoredMedia> {
    // The SDK reads other strings as paths on this server's disk or URLs to fetch: only data URLs of the right kind pass.
    decodeDataUrl(source, options.kind);
    let response: UploadApiResponse;
    try {
      response = await cloudinary.uploader.upload(source, {
        public_id: options.publicId,
        overwrite: options.overwrite ?? false,
        invalidate: true,
        resource_type: options.kind,
        ...(options.kind === 'video' ? { chunk_size: 50_000 } : {}),
      });
    } catch (error) {
      this.logger.warn({ err: error, publicId: options.publicId }, 'Cloudinary refused an upload');
      throw new ValidationError(UPLOAD_FAILED);
    }
    return { url: response.secure_url, publicId: response.public_id, version: String(response.version) };
  }

  async remove(publicId: string, kind: MediaKind): Promise<void> {
    await cloudinary.uploader.destroy(publicId, { resource_type: kind });
  }
}
