import {
  conversationDecider,
  conversationStreamId,
  NotInConversation,
  type ChatEvent,
  type ChatImage,
  type ChatReaction,
  type DeleteScope,
} from '@domain/chat';
import { ValidationError, type CommandMetadata } from '@domain/shared';
import { assertNotBlocked } from '@application/graph';
import { activeAccountOf } from '@application/identity';
import type { SharedDependencies } from '@application/shared/dependencies';
import { handleCommand, type CommandResult } from '@application/shared/handle-command';
import { derivedId } from '@application/shared/ids';
import { decodeDataUrl } from '@application/shared/media-data-url';
import { withStoredUpload } from '@application/shared/uploads';
import { conversationIdOf } from './conversation-id';
import type { ChatPorts } from './ports';

type ChatResult = CommandResult<ChatEvent>;

export type SendMessageInput = Readonly<{
  senderId: string;
  receiverId: string;
  /** What the client believes the receiver's username is: checked against the account, never stored. */
  receiverUsername: string;
  /** The client's idea of the conversation: it must be the pair's, when given. */
  conversationId: string | null;
  body: string;
  gifUrl: string;
  /** A data URL, checked and stored like a post's image. */
  imageDataUrl: string | null;
}>;

/**
 * Contract 2.9 `POST /chat/message`. The receiver is a real, active user who is not the sender and does not block
 * them either way; the pair's conversation is the only one they write to. Whether the message is read on arrival comes
 * from the receiver's open chat windows, not from the client.
 */
export const sendChatMessage = async (
  deps: Pick<SharedDependencies, 'store' | 'media'> & Pick<ChatPorts, 'chatWindows'>,
  input: SendMessageInput,
  metadata: CommandMetadata,
): Promise<ChatResult & Readonly<{ conversationId: string }>> => {
  const { senderId, receiverId } = input;
  if (senderId === receiverId) throw new ValidationError('You cannot send a message to yourself.');
  const conversationId = conversationIdOf(senderId, receiverId);
  const streamId = conversationStreamId(conversationId);
  const send = (image: ChatImage | null, receiverIsViewing: boolean) => {
    const messageId = derivedId('chat-message', metadata.commandId);
    const data = { conversationId, messageId, senderId, receiverId, body: input.body, gifUrl: input.gifUrl, image, receiverIsViewing };
    return handleCommand(deps.store, conversationDecider, streamId, { type: 'SendChatMessage', data, metadata }, { retryOnConflict: true });
  };
  // A retried request whose message is in answers as the first did, whatever changed since (a block, say).
  if ((await deps.store.readStream(streamId)).commitIds.has(metadata.commandId)) return { ...(await send(null, false)), conversationId };

  if (input.conversationId && input.conversationId !== conversationId) throw new ValidationError('conversationId is not the conversation with this receiver');
  if (!input.body.trim() && !input.gifUrl && !input.imageDataUrl) throw new ValidationError('A message needs a body, a GIF or an image');
  if (input.imageDataUrl) decodeDataUrl(input.imageDataUrl, 'image');
  const receiver = await activeAccountOf(deps.store, receiverId);
  if (receiver.username.toLowerCase() !== input.receiverUsername.toLowerCase())
    throw new ValidationError('receiverUsername is not the username of the receiver');
  await assertNotBlocked(deps.store, senderId, receiverId);
  const receiverIsViewing = await deps.chatWindows.isViewing(receiverId, senderId);

  const upload = input.imageDataUrl
    ? { kind: 'image' as const, dataUrl: input.imageDataUrl, publicId: `chat/${conversationId}/${derivedId('chat-image', metadata.commandId)}` }
    : undefined;
  const result = await withStoredUpload(deps, streamId, upload, metadata, (image) => send(image, receiverIsViewing));
  return { ...result, conversationId };
};

/** The conversation a caller names by its two users (a route's `senderId` and `receiverId`): the caller must be one of them. */
const conversationOfCaller = (callerId: string, userIds: readonly [string, string]): string => {
  if (!userIds.includes(callerId)) throw new NotInConversation();
  const [a, b] = userIds;
  if (a === b) throw new ValidationError('senderId and receiverId must be two different users');
  return conversationIdOf(a, b);
};

/** Contract 2.9 `PUT /chat/message/mark-as-read`: the caller's read position moves to the conversation's last message. */
export const markChatMessagesRead = (
  { store }: Pick<SharedDependencies, 'store'>,
  input: Readonly<{ callerId: string; senderId: string; receiverId: string }>,
  metadata: CommandMetadata,
): Promise<ChatResult> => {
  const conversationId = conversationOfCaller(input.callerId, [input.senderId, input.receiverId]);
  const command = { type: 'MarkChatMessagesRead' as const, data: { conversationId, readerId: input.callerId }, metadata };
  return handleCommand(store, conversationDecider, conversationStreamId(conversationId), command, { retryOnConflict: true });
};

/** Contract 2.9 `PUT /chat/message/reaction`: a participant's one reaction to a message, replaced or removed. */
export const reactToChatMessage = (
  { store }: Pick<SharedDependencies, 'store'>,
  input: Readonly<{ callerId: string; conversationId: string; messageId: string; reaction: ChatReaction | null }>,
  metadata: CommandMetadata,
): Promise<ChatResult> => {
  const { conversationId, messageId, callerId, reaction } = input;
  const command = { type: 'ReactToChatMessage' as const, data: { conversationId, messageId, reactorId: callerId, reaction }, metadata };
  return handleCommand(store, conversationDecider, conversationStreamId(conversationId), command, { retryOnConflict: true });
};

/**
 * Contract 2.9 `DELETE /chat/message/mark-as-deleted/...`: for the caller only, or for everyone (the sender only). An
 * image deleted for everyone is removed from storage by a policy.
 */
export const deleteChatMessage = (
  { store }: Pick<SharedDependencies, 'store'>,
  input: Readonly<{ callerId: string; messageId: string; senderId: string; receiverId: string; scope: DeleteScope }>,
  metadata: CommandMetadata,
): Promise<ChatResult> => {
  const conversationId = conversationOfCaller(input.callerId, [input.senderId, input.receiverId]);
  const command = {
    type: 'DeleteChatMessage' as const,
    data: { conversationId, messageId: input.messageId, deleterId: input.callerId, scope: input.scope },
    metadata,
  };
  return handleCommand(store, conversationDecider, conversationStreamId(conversationId), command, { retryOnConflict: true });
};
