import type { CommandMetadata } from '@domain/shared';
import { accountDecider, accountStreamId, type AccountEvent } from '@domain/identity';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';
import { decodeDataUrl } from '@application/shared/media-data-url';

export type ChangeProfilePictureInput = Readonly<{ userId: string; image: string }>;

/**
 * Contract 2.8 `POST /images/profile`: the image (a data URL) is checked, stored, then the account shows it. Each
 * picture is stored under an id of its own (the old server overwrote one per user), derived from the command id, so
 * a retried request stores over its own first upload and appends nothing new.
 */
export const changeProfilePicture = async (
  deps: Pick<SharedDependencies, 'store' | 'media'>,
  { userId, image }: ChangeProfilePictureInput,
  metadata: CommandMetadata,
): Promise<CommandResult<AccountEvent>> => {
  decodeDataUrl(image, 'image');
  const stored = await deps.media.store(image, { publicId: `profile-pictures/${userId}/${metadata.commandId}`, kind: 'image', overwrite: true });
  return handleCommand(
    deps.store,
    accountDecider,
    accountStreamId(userId),
    { type: 'ChangeProfilePicture', data: { userId, profilePicture: stored.url, imageId: stored.publicId, imgVersion: stored.version }, metadata },
    { retryOnConflict: true },
  );
};
