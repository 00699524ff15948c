import { z } from 'zod';
import { defineEvent, NotFoundError, type Command, type EventOf } from '@domain/shared';

/*
 * The images a user keeps on their profile stream: the background image, and which images they took out of their
 * gallery. Images are stored (through the media port) before a command; events name them by their id in the media
 * storage (`imageId`), their version and their full URL.
 */

/** 'upload': stored for this background (and so listed in the gallery); 'gallery': an image of the gallery reused. */
const BACKGROUND_SOURCES = ['upload', 'gallery'] as const;
export type BackgroundSource = (typeof BACKGROUND_SOURCES)[number];

const storedImage = { imageId: z.string().min(1), imgVersion: z.string(), url: z.string().min(1) };

export const backgroundImageChanged = defineEvent(
  'BackgroundImageChanged',
  1,
  z.object({ userId: z.string().min(1), ...storedImage, source: z.enum(BACKGROUND_SOURCES), changedAt: z.string() }),
);
export const backgroundImageRemoved = defineEvent(
  'BackgroundImageRemoved',
  1,
  z.object({ userId: z.string().min(1), imageId: z.string().min(1), source: z.enum(BACKGROUND_SOURCES), removedAt: z.string() }),
);
/** The owner took an image out of their gallery; `postId` names the post that shows it, which keeps showing it. */
export const galleryImageRemoved = defineEvent(
  'GalleryImageRemoved',
  1,
  z.object({ userId: z.string().min(1), imageId: z.string().min(1), postId: z.string().nullable(), removedAt: z.string() }),
);

export const imageEvents = [backgroundImageChanged, backgroundImageRemoved, galleryImageRemoved];
export type ImageEvent = EventOf<typeof backgroundImageChanged> | EventOf<typeof backgroundImageRemoved> | EventOf<typeof galleryImageRemoved>;

export type Background = Readonly<{ imageId: string; imgVersion: string; url: string; source: BackgroundSource }>;

export type ChangeBackgroundImage = Command<'ChangeBackgroundImage', { userId: string } & Background>;
export type RemoveBackgroundImage = Command<'RemoveBackgroundImage', { userId: string; imageId: string }>;
export type RemoveGalleryImage = Command<'RemoveGalleryImage', { userId: string; imageId: string; postId: string | null }>;
export type ImageCommand = ChangeBackgroundImage | RemoveBackgroundImage | RemoveGalleryImage;

export class BackgroundImageNotFound extends NotFoundError {
  constructor() {
    super('Background image not found');
  }
}

export const evolveBackground = (background: Background | null, event: ImageEvent): Background | null => {
  switch (event.type) {
    case 'BackgroundImageChanged': {
      const { imageId, imgVersion, url, source } = event.data;
      return { imageId, imgVersion, url, source };
    }
    case 'BackgroundImageRemoved':
      return null;
    case 'GalleryImageRemoved':
      // Taking the image out of the gallery does not change the background (the file stays where it is).
      return background;
  }
};

export const decideChangeBackground = ({ data, metadata }: ChangeBackgroundImage, background: Background | null): ImageEvent[] => {
  if (background?.imageId === data.imageId && background.imgVersion === data.imgVersion) return [];
  return [{ type: 'BackgroundImageChanged', data: { ...data, changedAt: metadata.now.toISOString() } }];
};

/** Only the current background can be removed: another id (an older background, someone else's) is not found. */
export const decideRemoveBackground = ({ data, metadata }: RemoveBackgroundImage, background: Background | null): ImageEvent[] => {
  if (background?.imageId !== data.imageId) throw new BackgroundImageNotFound();
  const { userId, imageId } = data;
  return [{ type: 'BackgroundImageRemoved', data: { userId, imageId, source: background.source, removedAt: metadata.now.toISOString() } }];
};

export const decideRemoveGalleryImage = ({ data, metadata }: RemoveGalleryImage): ImageEvent[] => [
  { type: 'GalleryImageRemoved', data: { ...data, removedAt: metadata.now.toISOString() } },
];
