import { Router, type Request } from 'express';
import { z } from 'zod';
import { changeProfilePicture } from '@application/identity/change-profile-picture.handler';
import { galleryImageAtUrl, galleryImageById, getGallery } from '@application/profile/gallery.query';
import { changeBackgroundImage, removeBackgroundImage, removeGalleryImage, type NewBackground } from '@application/profile/image.handlers';
import { mediaBodyLimit } from '@application/shared/media-data-url';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { jsonBody } from '../middleware/json-body';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { contractString, parseBody, positiveIntegerOf } from '../middleware/validation';

export type ImagesRouterDependencies = Pick<ApiDependencies, 'store' | 'media' | 'clock' | 'readModels' | 'writeTracker' | 'readYourWritesTimeoutMs'>;

/** The one field of the old `addImageSchema`: a data URL (or, for the background, the URL of a gallery image). */
const imageBody = z.strictObject({ image: contractString({ name: 'image', required: 'Image is a required field', type: 'Image should be a type of string' }) });

const ADDED = { message: 'Image added successfully' };
const DELETED = { message: 'Image deleted successfully' };

/** `?page=` is optional: the first page by default. */
const pageOf = (request: Request): number =>
  request.query.page === undefined ? 1 : positiveIntegerOf(request.query.page, { message: 'page must be a positive integer' });

/**
 * Contract section 2.8: the caller's profile picture and background image, and the galleries. Uploads are data URLs
 * of at most 5 MB of image (413 past that); nothing is appended when one is refused.
 */
export const imagesRouter = (deps: ImagesRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  router.post('/images/profile', requireAuthentication, jsonBody(mediaBodyLimit('image')), async (request, response) => {
    const { image } = parseBody(imageBody, request.body);
    const { userId } = actorOf(request);
    await deps.writeTracker.recordWrites(userId, [await changeProfilePicture(deps, { userId, image }, commandMetadataOf(request, clock))]);
    response.json(ADDED);
  });

  router.post('/images/background', requireAuthentication, jsonBody(mediaBodyLimit('image')), async (request, response) => {
    const { image } = parseBody(imageBody, request.body);
    const { userId } = actorOf(request);
    const background: NewBackground = image.startsWith('data:')
      ? { upload: image }
      : { reuse: await queryAsCaller(deps, request, galleryImageAtUrl, userId, image) };
    await deps.writeTracker.recordWrites(userId, [await changeBackgroundImage(deps, { userId, background }, commandMetadataOf(request, clock))]);
    response.json(ADDED);
  });

  // The id in the media storage may hold slashes (`posts/<postId>/<id>` for a post's image reused as background).
  router.delete('/images/background/*bgImageId', requireAuthentication, async (request, response) => {
    const segments = request.params.bgImageId as unknown as string[];
    const { userId } = actorOf(request);
    const result = await removeBackgroundImage(deps, { userId, imageId: segments.join('/') }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(userId, [result]);
    response.json(DELETED);
  });

  router.delete('/images/:imageId', requireAuthentication, async (request, response) => {
    const { userId } = actorOf(request);
    const image = await queryAsCaller(deps, request, galleryImageById, String(request.params.imageId));
    await deps.writeTracker.recordWrites(userId, [await removeGalleryImage(deps, { userId, image }, commandMetadataOf(request, clock))]);
    response.json(DELETED);
  });

  router.get('/images/:userId', requireAuthentication, async (request, response) => {
    const viewerId = actorOf(request).userId;
    const images = await queryAsCaller(deps, request, getGallery, { viewerId, userId: String(request.params.userId), page: pageOf(request) });
    response.json({ message: 'User images', images });
  });

  return router;
};
