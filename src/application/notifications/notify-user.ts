import { accountDecider, accountStreamId, type Account } from '@domain/identity';
import { areBlocked } from '@application/graph';
import { notificationDecider, notificationStreamId, type NotificationDetails, type NotificationType } from '@domain/notifications';
import { profileDecider, profileStreamId, type NotificationSettings } from '@domain/profile';
import { derivedId } from '@application/shared/ids';
import type { SharedDependencies } from '@application/shared/dependencies';
import { sendEmail } from '@application/shared/email';
import type { RecordedEvent } from '@application/shared/event-store';
import { handleCommand, loadState } from '@application/shared/handle-command';

/** Which setting allows which kind of notification (and its e-mail). */
const settingOf: Record<NotificationType, keyof NotificationSettings> = { follows: 'follows', comment: 'comments', reactions: 'reactions' };

export type Notice = Readonly<{
  userTo: string;
  userFrom: string;
  type: NotificationType;
  /** Builds the texts from the sender's username. */
  message: (username: string) => string;
  email: Readonly<{ header: string; subject: (username: string) => string }>;
  details?: Partial<Omit<NotificationDetails, 'message' | 'notificationType'>>;
}>;

type ActiveAccount = Extract<Account, { status: 'active' }>;

export type NoticeParties<A extends Account = Account> = Readonly<{ recipient: A; sender: A; settings: NotificationSettings; blocked: boolean }>;

/**
 * The gate: both users exist, they are not the same, neither blocks the other (now, when the notice would go out), and
 * the recipient wants this kind of notification.
 */
export const mayNotify = (parties: NoticeParties, notice: Pick<Notice, 'type' | 'userTo' | 'userFrom'>): parties is NoticeParties<ActiveAccount> =>
  notice.userTo !== notice.userFrom &&
  !parties.blocked &&
  parties.recipient.status === 'active' &&
  parties.sender.status === 'active' &&
  parties.settings[settingOf[notice.type]];

const noDetails = { entityId: '', createdItemId: '', comment: '', reaction: '', post: '', imgId: '', imgVersion: '', gifUrl: '' };

/** The notification caused by an event: the same event always gives the same id, so a policy that runs again creates nothing new. */
export const notificationIdFor = (event: RecordedEvent): string => derivedId('notification', event.metadata.eventId);

/**
 * Notifies a user of what another did, when the recipient's settings allow it: a notification (a command) and an
 * e-mail (a job). Both are keyed by the causing event, so running this twice for one event does each once.
 */
export const notifyUser = async (deps: Pick<SharedDependencies, 'store' | 'jobs'>, cause: RecordedEvent, notice: Notice): Promise<void> => {
  const [profile, recipient, sender, blocked] = await Promise.all([
    loadState(deps.store, profileDecider, profileStreamId(notice.userTo)),
    loadState(deps.store, accountDecider, accountStreamId(notice.userTo)),
    loadState(deps.store, accountDecider, accountStreamId(notice.userFrom)),
    notice.userTo === notice.userFrom ? false : areBlocked(deps.store, notice.userTo, notice.userFrom),
  ]);
  const parties = { recipient, sender, settings: profile.settings, blocked };
  if (!mayNotify(parties, notice)) return;
  const message = notice.message(parties.sender.username);
  const notificationId = notificationIdFor(cause);
  await handleCommand(deps.store, notificationDecider, notificationStreamId(notificationId), {
    type: 'CreateNotification',
    data: {
      notificationId,
      userTo: notice.userTo,
      userFrom: notice.userFrom,
      details: { ...noDetails, ...notice.details, message, notificationType: notice.type },
    },
    metadata: {
      commandId: `notify:${cause.metadata.eventId}`,
      now: cause.metadata.occurredAt,
      actorId: null,
      correlationId: cause.metadata.correlationId,
      causationId: cause.metadata.eventId,
    },
  });
  await deps.jobs.enqueue(
    sendEmail,
    {
      template: 'notification',
      to: parties.recipient.email,
      username: parties.recipient.username,
      subject: notice.email.subject(parties.sender.username),
      header: notice.email.header,
      message,
    },
    { jobId: `email:${cause.metadata.eventId}` },
  );
};
