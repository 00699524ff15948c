import { createHash } from 'node:crypto';
import type { AccountEvent } from '@domain/identity';
import type { PostEvent, PostMedia, Privacy } from '@domain/posts';
import type { ProfileEvent } from '@domain/profile';
import { defineProjection, rm, type ReadModelWrite } from '@application/shared/projection';

export const GALLERY_PROJECTION = 'profile.gallery';

/**
 * A gallery image's id (`_id`, which the client puts in URL paths): derived from its owner and its id in the media
 * storage, which may hold slashes. A removal names the image by the remover, so it can only reach their own images.
 */
export const galleryImageIdOf = (userId: string, imageId: string): string => createHash('sha256').update(`${userId}:${imageId}`).digest('hex').slice(0, 24);

export const galleryKeys = {
  /** A user's images, scored by the position of the event that added them: newest first is a reverse range. */
  gallery: (userId: string) => `gallery:${userId}`,
  /** One image: the contract's fields, its full URL, and for a post's image the post and its privacy. */
  image: (galleryImageId: string) => `gallery-image:${galleryImageId}`,
};

type GalleryImage = Readonly<{ userId: string; imageId: string; imgVersion: string; url: string; createdAt: string }>;
type Origin = Readonly<{ background?: boolean; post?: Readonly<{ postId: string; privacy: Privacy }> }>;

const added = (position: number, image: GalleryImage, origin: Origin = {}): ReadModelWrite[] => {
  const id = galleryImageIdOf(image.userId, image.imageId);
  return [
    rm.hashSet(galleryKeys.image(id), {
      _id: id,
      userId: image.userId,
      // The client shows and picks gallery images by `imgId`/`imgVersion`, backgrounds included.
      imgId: image.imageId,
      imgVersion: image.imgVersion,
      bgImageId: origin.background ? image.imageId : '',
      bgImageVersion: origin.background ? image.imgVersion : '',
      url: image.url,
      createdAt: image.createdAt,
      postId: origin.post?.postId ?? '',
      privacy: origin.post?.privacy ?? '',
    }),
    rm.sortedAdd(galleryKeys.gallery(image.userId), position, id),
  ];
};

const removed = (userId: string, imageId: string): ReadModelWrite[] => {
  const id = galleryImageIdOf(userId, imageId);
  return [rm.sortedRemove(galleryKeys.gallery(userId), id), rm.delete(galleryKeys.image(id))];
};

const postImage = (authorId: string, image: PostMedia, createdAt: string): GalleryImage => ({
  userId: authorId,
  imageId: image.id,
  imgVersion: image.version,
  url: image.url,
  createdAt,
});

/**
 * Every image a user uploaded and still keeps, newest first: profile pictures, uploaded backgrounds and the images of
 * their posts (as the old gallery). A background reused from the gallery adds nothing; a deleted post, or an edit
 * that replaces or drops its image, takes the image out; the owner may take any image out.
 */
export const galleryProjection = defineProjection<AccountEvent | ProfileEvent | PostEvent>(GALLERY_PROJECTION, 1, {
  ProfilePictureChanged: ({ data, metadata }) =>
    added(metadata.globalPosition, {
      userId: data.userId,
      imageId: data.imageId,
      imgVersion: data.imgVersion,
      url: data.profilePicture,
      createdAt: data.changedAt,
    }),
  BackgroundImageChanged: ({ data, metadata }) =>
    data.source === 'upload' ? added(metadata.globalPosition, { ...data, createdAt: data.changedAt }, { background: true }) : [],
  BackgroundImageRemoved: ({ data }) => (data.source === 'upload' ? removed(data.userId, data.imageId) : []),
  GalleryImageRemoved: ({ data }) => removed(data.userId, data.imageId),
  PostCreated: ({ data, metadata }) =>
    data.image
      ? added(metadata.globalPosition, postImage(data.authorId, data.image, data.createdAt), { post: { postId: data.postId, privacy: data.privacy } })
      : [],
  PostEdited: ({ data, metadata }) => {
    const gone = data.replacedMedia.filter((media) => media.kind === 'image').flatMap((media) => removed(data.authorId, media.id));
    const image = data.image;
    if (!image) return gone;
    const id = galleryImageIdOf(data.authorId, image.id);
    // An image the edit brought is new (its id was never used); a kept one keeps its place, and only while it is still
    // listed (its owner may have taken it out) follows the post's privacy.
    const brought = data.addedMedia.some((media) => media.kind === 'image' && media.id === image.id);
    return [
      ...gone,
      ...(brought
        ? added(metadata.globalPosition, postImage(data.authorId, image, data.editedAt), { post: { postId: data.postId, privacy: data.privacy } })
        : rm.ifExists(galleryKeys.image(id), [rm.hashSet(galleryKeys.image(id), { privacy: data.privacy })])),
    ];
  },
  PostDeleted: ({ data }) => data.media.filter((media) => media.kind === 'image').flatMap((media) => removed(data.authorId, media.id)),
});
