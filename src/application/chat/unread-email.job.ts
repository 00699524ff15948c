import { z } from 'zod';
import { conversationDecider, conversationStreamId, type ChatEvent, type Conversation } from '@domain/chat';
import { accountDecider, accountStreamId, type Account } from '@domain/identity';
import { profileDecider, profileStreamId } from '@domain/profile';
import { foldEvents } from '@domain/shared';
import { areBlocked } from '@application/graph';
import type { SharedDependencies } from '@application/shared/dependencies';
import { sendEmail } from '@application/shared/email';
import type { RecordedEvent } from '@application/shared/event-store';
import { loadState } from '@application/shared/handle-command';
import { defineJob, registerJob, type JobPayload, type JobRegistration } from '@application/shared/jobs';
import type { ChatPorts } from './ports';

/** Looks, once the delay has passed, whether a message is still unread, and e-mails its receiver if so. */
export const unreadEmail = defineJob(
  'chat.unread-email',
  z.strictObject({
    conversationId: z.string().min(1),
    messageId: z.string().min(1),
    position: z.number().int().positive(),
    senderId: z.string().min(1),
    receiverId: z.string().min(1),
  }),
);

export type UnreadMessage = JobPayload<typeof unreadEmail>;

type ChatMessageSent = Extract<ChatEvent, { type: 'ChatMessageSent' }>;
type ActiveAccount = Extract<Account, { status: 'active' }>;

/** The receiver has not read the message, and it is still there for them. */
export const isStillUnread = (conversation: Conversation, message: UnreadMessage): boolean => {
  const facts = conversation.messages.get(message.messageId);
  if (!facts || facts.deletedForEveryone || facts.deletedFor.includes(message.receiverId)) return false;
  return (conversation.readUpTo[message.receiverId] ?? 0) < message.position;
};

/** The notification template's limit for its message (`send-email.job.ts`). */
const MAX_EMAIL_TEXT = 10_000;

/** What the e-mail says of the message (contract 5): its text, or what it carries when it has none. */
export const emailTextOf = (sent: Pick<ChatMessageSent['data'], 'body' | 'gifUrl' | 'image'>): string | null => {
  if (sent.body.trim() !== '') return sent.body.slice(0, MAX_EMAIL_TEXT);
  if (sent.image) return 'Sent an image';
  if (sent.gifUrl !== '') return 'Sent a GIF';
  return null;
};

/** The e-mail job of a message: one per message, however often its unread check runs. */
export const emailJobIdOf = (messageId: string): string => `chat-message:${messageId}`;

type Parties = Readonly<{ sender: Account; receiver: Account; messagesAllowed: boolean; blocked: boolean }>;

/** Both accounts exist, neither blocks the other, and the receiver wants e-mails about messages (their settings, now). */
const mayEmail = (parties: Parties): parties is Parties & Readonly<{ sender: ActiveAccount; receiver: ActiveAccount }> =>
  parties.sender.status === 'active' && parties.receiver.status === 'active' && parties.messagesAllowed && !parties.blocked;

const partiesOf = async (deps: Pick<SharedDependencies, 'store'>, message: UnreadMessage): Promise<Parties> => {
  const [sender, receiver, profile, blocked] = await Promise.all([
    loadState(deps.store, accountDecider, accountStreamId(message.senderId)),
    loadState(deps.store, accountDecider, accountStreamId(message.receiverId)),
    loadState(deps.store, profileDecider, profileStreamId(message.receiverId)),
    areBlocked(deps.store, message.senderId, message.receiverId),
  ]);
  return { sender, receiver, messagesAllowed: profile.settings.messages, blocked };
};

export type UnreadEmailDeps = Pick<SharedDependencies, 'store' | 'jobs'> & Pick<ChatPorts, 'chatEmailThrottle' | 'chatEmailWindowMs'>;

/**
 * Contract 5's direct-message e-mail, sent only for a message still unread when the job runs, and at most one per
 * conversation and receiver within the window. The window is claimed last, so a message that sends nothing leaves
 * it free. Running again after a failure claims the same window (it is this message's) and adds the same e-mail job.
 */
export const unreadEmailJob = (deps: UnreadEmailDeps): JobRegistration =>
  registerJob(unreadEmail, async (message) => {
    if (message.senderId === message.receiverId) return;
    const stream = await deps.store.readStream(conversationStreamId(message.conversationId));
    const events = stream.events as RecordedEvent<ChatEvent>[];
    if (!isStillUnread(foldEvents(conversationDecider, events), message)) return;
    const sent = events.find(
      (event): event is RecordedEvent<ChatMessageSent> => event.type === 'ChatMessageSent' && event.data.messageId === message.messageId,
    );
    const text = sent ? emailTextOf(sent.data) : null;
    if (text === null) return;
    const parties = await partiesOf(deps, message);
    if (!mayEmail(parties)) return;
    if (!(await deps.chatEmailThrottle.claim(message.conversationId, message.receiverId, message.messageId, deps.chatEmailWindowMs))) return;
    const senderUsername = parties.sender.username;
    await deps.jobs.enqueue(
      sendEmail,
      {
        template: 'notification',
        to: parties.receiver.email,
        username: parties.receiver.username,
        subject: `You've received messages from ${senderUsername}`,
        header: `Message notification from ${senderUsername}`,
        message: text,
      },
      { jobId: emailJobIdOf(message.messageId) },
    );
  });
