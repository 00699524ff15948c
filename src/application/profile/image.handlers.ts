import { ForbiddenError, NotFoundError, ValidationError, type CommandMetadata } from '@domain/shared';
import { profileDecider, profileStreamId, type ProfileCommand, type ProfileEvent } from '@domain/profile';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';
import { decodeDataUrl } from '@application/shared/media-data-url';
import type { GalleryImage } from './gallery.query';

/*
 * Contract 2.8, the background image and the gallery. The images are on the user's profile stream; a command that
 * names a gallery image is given it as the caller's query found it (`galleryImageById`, `galleryImageAtUrl`).
 */

const onProfile = (store: SharedDependencies['store'], command: ProfileCommand): Promise<CommandResult<ProfileEvent>> =>
  handleCommand(store, profileDecider, profileStreamId(command.data.userId), command, { retryOnConflict: true });

export const NOT_OWN_GALLERY_IMAGE = 'Background image must be an uploaded image or one of your gallery images.';

/** A new upload (a data URL), or one of the caller's gallery images (null: the URL named none of them). */
export type NewBackground = Readonly<{ upload: string }> | Readonly<{ reuse: GalleryImage | null }>;

/**
 * `POST /images/background`: an upload is checked and stored, and listed in the gallery; an image of the gallery is
 * reused as it is (never fetched, never listed twice). The image is stored under an id derived from the command id,
 * so a retried request stores over its own first upload.
 */
export const changeBackgroundImage = async (
  deps: Pick<SharedDependencies, 'store' | 'media'>,
  { userId, background }: Readonly<{ userId: string; background: NewBackground }>,
  metadata: CommandMetadata,
): Promise<CommandResult<ProfileEvent>> => {
  if ('reuse' in background) {
    const image = background.reuse;
    if (!image || image.userId !== userId) throw new ValidationError(NOT_OWN_GALLERY_IMAGE);
    const data = { userId, imageId: image.imgId, imgVersion: image.imgVersion, url: image.url, source: 'gallery' as const };
    return onProfile(deps.store, { type: 'ChangeBackgroundImage', data, metadata });
  }
  decodeDataUrl(background.upload, 'image');
  const stored = await deps.media.store(background.upload, { publicId: `backgrounds/${userId}/${metadata.commandId}`, kind: 'image', overwrite: true });
  const data = { userId, imageId: stored.publicId, imgVersion: stored.version, url: stored.url, source: 'upload' as const };
  return onProfile(deps.store, { type: 'ChangeBackgroundImage', data, metadata });
};

/** `DELETE /images/background/:bgImageId`: the caller's current background only; an uploaded one leaves the gallery. */
export const removeBackgroundImage = (
  { store }: Pick<SharedDependencies, 'store'>,
  { userId, imageId }: Readonly<{ userId: string; imageId: string }>,
  metadata: CommandMetadata,
): Promise<CommandResult<ProfileEvent>> => onProfile(store, { type: 'RemoveBackgroundImage', data: { userId, imageId }, metadata });

/**
 * `DELETE /images/:imageId`: the owner takes an image out of their gallery. A post that shows it keeps showing it,
 * and the stored file stays (the profile picture or background may still be in use).
 */
export const removeGalleryImage = async (
  { store }: Pick<SharedDependencies, 'store'>,
  { userId, image }: Readonly<{ userId: string; image: GalleryImage | null }>,
  metadata: CommandMetadata,
): Promise<CommandResult<ProfileEvent>> => {
  if (!image) throw new NotFoundError('Image not found');
  if (image.userId !== userId) throw new ForbiddenError('You can only delete your own images.');
  return onProfile(store, { type: 'RemoveGalleryImage', data: { userId, imageId: image.imgId, postId: image.postId }, metadata });
};
