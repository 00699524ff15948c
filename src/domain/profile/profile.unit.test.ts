import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
import { BackgroundImageNotFound } from './images';
import { profileDecider, type ProfileEvent } from './profile';

const metadata = commandMetadata();
const at = metadata.now.toISOString();
const spec = specify(profileDecider);

describe('a profile', () => {
  it('merges a partial settings change into the current settings instead of replacing them', () => {
    const earlier: ProfileEvent = {
      type: 'NotificationSettingsChanged',
      data: { userId: 'u', messages: false, reactions: true, comments: true, follows: true, changedAt: at },
    };
    spec
      .given([earlier])
      .when({ type: 'ChangeNotificationSettings', data: { userId: 'u', changes: { follows: false } }, metadata })
      .then([{ type: 'NotificationSettingsChanged', data: { userId: 'u', messages: false, reactions: true, comments: true, follows: false, changedAt: at } }]);
  });
  it('merges basic info and social links the same way', () => {
    spec
      .given([])
      .when({ type: 'UpdateBasicInfo', data: { userId: 'u', changes: { work: 'Acme' } }, metadata })
      .then([{ type: 'BasicInfoUpdated', data: { userId: 'u', quote: '', work: 'Acme', school: '', location: '', updatedAt: at } }]);
    spec
      .given([])
      .when({ type: 'UpdateSocialLinks', data: { userId: 'u', changes: { twitter: '@u' } }, metadata })
      .then([{ type: 'SocialLinksUpdated', data: { userId: 'u', facebook: '', instagram: '', twitter: '@u', youtube: '', updatedAt: at } }]);
  });
  it('records nothing when nothing changes', () =>
    spec
      .given([])
      .when({ type: 'ChangeNotificationSettings', data: { userId: 'u', changes: { follows: true } }, metadata })
      .then([]));
});

describe('a profile background image', () => {
  const uploaded = { imageId: 'backgrounds/u/b1', imgVersion: '5', url: 'https://media/backgrounds/u/b1.png', source: 'upload' as const };
  const changed: ProfileEvent = { type: 'BackgroundImageChanged', data: { userId: 'u', ...uploaded, changedAt: at } };
  const change = (image: typeof uploaded | (Omit<typeof uploaded, 'source'> & { source: 'gallery' })) =>
    ({ type: 'ChangeBackgroundImage', data: { userId: 'u', ...image }, metadata }) as const;
  const remove = (imageId: string) => ({ type: 'RemoveBackgroundImage', data: { userId: 'u', imageId }, metadata }) as const;

  it('changes to an uploaded image or to one of the gallery, saying which', () => {
    spec.given([]).when(change(uploaded)).then([changed]);
    const reused = { imageId: 'posts/p1/i1', imgVersion: '3', url: 'https://media/posts/p1/i1.png', source: 'gallery' as const };
    spec
      .given([changed])
      .when(change(reused))
      .then([{ type: 'BackgroundImageChanged', data: { userId: 'u', ...reused, changedAt: at } }]);
  });
  it('records nothing when the image is the current background already', () => spec.given([changed]).when(change(uploaded)).then([]));
  it('removes the current background, keeping where it came from', () =>
    spec
      .given([changed])
      .when(remove('backgrounds/u/b1'))
      .then([{ type: 'BackgroundImageRemoved', data: { userId: 'u', imageId: 'backgrounds/u/b1', source: 'upload', removedAt: at } }]));
  it('refuses to remove a background that is not the current one', () => {
    spec.given([]).when(remove('backgrounds/u/b1')).thenThrows(BackgroundImageNotFound);
    spec.given([changed]).when(remove('backgrounds/u/older')).thenThrows(BackgroundImageNotFound);
    const removed: ProfileEvent = { type: 'BackgroundImageRemoved', data: { userId: 'u', imageId: 'backgrounds/u/b1', source: 'upload', removedAt: at } };
    spec.given([changed, removed]).when(remove('backgrounds/u/b1')).thenThrows(BackgroundImageNotFound);
  });
  it('stays when its image is taken out of the gallery', () => {
    const takenOut: ProfileEvent = { type: 'GalleryImageRemoved', data: { userId: 'u', imageId: 'backgrounds/u/b1', postId: null, removedAt: at } };
    spec
      .given([changed, takenOut])
      .when(remove('backgrounds/u/b1'))
      .then([{ type: 'BackgroundImageRemoved', data: { userId: 'u', imageId: 'backgrounds/u/b1', source: 'upload', removedAt: at } }]);
  });
});

describe('a gallery image', () => {
  it('is taken out of the gallery by its owner, naming the post that keeps showing it', () =>
    spec
      .given([])
      .when({ type: 'RemoveGalleryImage', data: { userId: 'u', imageId: 'posts/p1/i1', postId: 'p1' }, metadata })
      .then([{ type: 'GalleryImageRemoved', data: { userId: 'u', imageId: 'posts/p1/i1', postId: 'p1', removedAt: at } }]));
});
