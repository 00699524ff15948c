import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
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
