import type { CommandMetadata } from '@domain/shared';
import { profileDecider, profileStreamId, type BasicInfo, type NotificationSettings, type ProfileEvent, type SocialLinks } from '@domain/profile';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, loadState, type CommandResult } from '@application/shared/handle-command';

type Change<T> = Readonly<{ userId: string; changes: Partial<T> }>;

/*
 * A user's profile is one stream. Partial changes merge into what is there, so when two edits race, the loser is
 * decided again on the fresh state and both land.
 */

export const updateBasicInfo = (
  { store }: Pick<SharedDependencies, 'store'>,
  { userId, changes }: Change<BasicInfo>,
  metadata: CommandMetadata,
): Promise<CommandResult<ProfileEvent>> =>
  handleCommand(store, profileDecider, profileStreamId(userId), { type: 'UpdateBasicInfo', data: { userId, changes }, metadata }, { retryOnConflict: true });

export const updateSocialLinks = (
  { store }: Pick<SharedDependencies, 'store'>,
  { userId, changes }: Change<SocialLinks>,
  metadata: CommandMetadata,
): Promise<CommandResult<ProfileEvent>> =>
  handleCommand(store, profileDecider, profileStreamId(userId), { type: 'UpdateSocialLinks', data: { userId, changes }, metadata }, { retryOnConflict: true });

export type SettingsChanged = Readonly<{ result: CommandResult<ProfileEvent>; settings: NotificationSettings }>;

/** Also returns the settings as they are after the change (the merge), which is what the client shows. */
export const changeNotificationSettings = async (
  { store }: Pick<SharedDependencies, 'store'>,
  { userId, changes }: Change<NotificationSettings>,
  metadata: CommandMetadata,
): Promise<SettingsChanged> => {
  const result = await handleCommand(
    store,
    profileDecider,
    profileStreamId(userId),
    { type: 'ChangeNotificationSettings', data: { userId, changes }, metadata },
    { retryOnConflict: true },
  );
  const changed = result.events.find((event) => event.type === 'NotificationSettingsChanged');
  if (changed?.type === 'NotificationSettingsChanged') {
    const { messages, reactions, comments, follows } = changed.data;
    return { result, settings: { messages, reactions, comments, follows } };
  }
  return { result, settings: (await loadState(store, profileDecider, profileStreamId(userId))).settings };
};
