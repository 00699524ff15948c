import { PRIVACIES, type Privacy } from '@domain/posts';
import { readerMaySee, readerOf } from '@application/posts';
import { defineQuery, readsOf } from '@application/shared/query';
import type { ReadModels } from '@application/shared/read-models';
import { GALLERY_PROJECTION, galleryImageIdOf, galleryKeys } from './gallery.projection';

/** The contract's IFileImageDocument, with the image's full URL. */
export type GalleryImageDocument = Readonly<{
  _id: string;
  userId: string;
  bgImageVersion: string;
  bgImageId: string;
  imgVersion: string;
  imgId: string;
  url: string;
  createdAt: string;
}>;

/** An image as the gallery keeps it: the document, and the post that shows it (with its privacy), if any. */
export type GalleryImage = GalleryImageDocument & Readonly<{ postId: string | null; privacy: Privacy | null }>;

export const GALLERY_PAGE_SIZE = 100;

const view = (readModels: ReadModels) => readModels.view(GALLERY_PROJECTION);

const imageOf = (fields: Record<string, string>): GalleryImage => ({
  _id: fields._id ?? '',
  userId: fields.userId ?? '',
  bgImageVersion: fields.bgImageVersion ?? '',
  bgImageId: fields.bgImageId ?? '',
  imgVersion: fields.imgVersion ?? '',
  imgId: fields.imgId ?? '',
  url: fields.url ?? '',
  createdAt: fields.createdAt ?? '',
  postId: fields.postId || null,
  privacy: PRIVACIES.find((privacy) => privacy === fields.privacy) ?? null,
});

const documentOf = ({ postId: _postId, privacy: _privacy, ...document }: GalleryImage): GalleryImageDocument => document;

/** One gallery image by its `_id`, whoever owns it (the caller checks). */
export const galleryImageById = defineQuery([GALLERY_PROJECTION], async (readModels, galleryImageId: string): Promise<GalleryImage | null> => {
  const fields = await view(readModels).hash(galleryKeys.image(galleryImageId));
  return fields ? imageOf(fields) : null;
});

/** One of the user's own gallery images, by its id in the media storage. */
export const ownGalleryImage = defineQuery([GALLERY_PROJECTION], (readModels, userId: string, imageId: string) =>
  galleryImageById.run(readModels, galleryImageIdOf(userId, imageId)),
);

/**
 * The ids in the media storage that an image URL may name: a Cloudinary delivery URL (`…/v<version>/<id>`, as the
 * client builds them from `imgId`/`imgVersion`, or with an extension) or one of this server's own (`…/media/<id>.<ext>`).
 * The URL is only read, never fetched.
 */
export const storedImageIdsOfUrl = (url: string): string[] => {
  let path: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return [];
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return [];
  }
  const named = [/\/v\d+\/(.+)$/.exec(path)?.[1], /\/media\/(.+)$/.exec(path)?.[1]].filter((id): id is string => id !== undefined);
  return [...new Set(named.flatMap((id) => [id, id.replace(/\.[a-z0-9]+$/i, '')]))];
};

/** The caller's own gallery image that a URL names, if any. */
export const galleryImageAtUrl = defineQuery([GALLERY_PROJECTION], async (readModels, userId: string, url: string): Promise<GalleryImage | null> => {
  for (const imageId of storedImageIdsOfUrl(url)) {
    const image = await ownGalleryImage.run(readModels, userId, imageId);
    if (image) return image;
  }
  return null;
});

export type GalleryPage = Readonly<{ viewerId: string; userId: string; page: number }>;

/**
 * A page of a user's gallery, newest first. Users who block each other see none of each other's images (an empty
 * gallery, as for an unknown user); the image of a post shows only to those who may see the post, so a page can
 * hold fewer than `GALLERY_PAGE_SIZE`.
 */
export const getGallery = defineQuery(
  readsOf(GALLERY_PROJECTION, readerOf),
  async (readModels, { viewerId, userId, page }: GalleryPage): Promise<GalleryImageDocument[]> => {
    const start = (page - 1) * GALLERY_PAGE_SIZE;
    const [reader, ids] = await Promise.all([
      readerOf.run(readModels, viewerId),
      view(readModels).sortedRange(galleryKeys.gallery(userId), start, start + GALLERY_PAGE_SIZE - 1, { reverse: true }),
    ]);
    if (viewerId !== userId && reader.hidden.has(userId)) return [];
    const images = (await view(readModels).hashes(ids.map(galleryKeys.image))).flatMap((fields) => (fields ? [imageOf(fields)] : []));
    // The image of a post shows to those who may see the post (the feeds' rule); an image of no post, to every viewer here.
    return images.filter((image) => image.privacy === null || readerMaySee(reader, { authorId: userId, privacy: image.privacy })).map(documentOf);
  },
);
