import { ForbiddenError, NotFoundError, ValidationError } from '@domain/shared';
import { assertNotBlocked } from '@application/graph';
import { accountNamed, usernamesFromAccounts } from '@application/identity';
import { usernamesOf } from '@application/profile';
import type { SharedDependencies } from '@application/shared/dependencies';
import type { EventStore } from '@application/shared/event-store';
import { KeyedQueue } from '@application/shared/keyed-queue';
import { userRoom } from '@application/shared/realtime';
import type { ChatPorts } from './ports';

/** Contract section 3: the pairs of users with a chat window open, as the client's `ChatUtils.chatUsers`. */
export const CHAT_USERS_EVENT = 'add chat users';

/** `userOne` has the conversation with `userTwo` open; both are usernames as the users read model spells them. */
export type ChatUsersPair = Readonly<{ userOne: string; userTwo: string }>;

export type ChatWindowsDependencies = Pick<SharedDependencies, 'store' | 'readModels' | 'realtime'> & Pick<ChatPorts, 'chatWindows'>;

/** The body of `add-chat-users` and `remove-chat-users`: usernames, in any case. */
export type ChatWindowInput = Readonly<{ callerId: string; userOne: string; userTwo: string }>;

export class NotOwnChatWindow extends ForbiddenError {
  constructor() {
    super('userOne must be your own username: you can only open and close your own chat windows');
  }
}

/**
 * Contract 2.9 `add-chat-users`: the caller opens the conversation with `userTwo`, an existing user who is not the
 * caller and neither blocks nor is blocked by them. Both users are sent their `add chat users` list.
 */
export const openChatWindow = async (deps: ChatWindowsDependencies, input: ChatWindowInput): Promise<void> => {
  const otherId = await partnerOf(deps.store, input);
  await assertNotBlocked(deps.store, input.callerId, otherId);
  await deps.chatWindows.open(input.callerId, otherId);
  await sendChatUsers(deps, [input.callerId, otherId]);
};

/** Contract 2.9 `remove-chat-users`: the caller closes the conversation with `userTwo` (blocked or not). */
export const closeChatWindow = async (deps: ChatWindowsDependencies, input: ChatWindowInput): Promise<void> => {
  const otherId = await partnerOf(deps.store, input);
  await deps.chatWindows.close(input.callerId, otherId);
  await sendChatUsers(deps, [input.callerId, otherId]);
};

/** A socket of the user disconnected: all their windows close, and the users whose conversations they had open are told. */
export const closeAllChatWindows = async (deps: ChatWindowsDependencies, userId: string): Promise<void> => {
  const others = await deps.chatWindows.closeAllOf(userId);
  if (others.length > 0) await sendChatUsers(deps, [userId, ...others]);
};

/** The id of `userTwo`, once the caller is `userOne` (names compare case-insensitively, as sign-in does). */
const partnerOf = async (store: EventStore, { callerId, userOne, userTwo }: ChatWindowInput): Promise<string> => {
  const [callerName] = await usernamesFromAccounts(store, [callerId]);
  if (!callerName || callerName.toLowerCase() !== userOne.toLowerCase()) throw new NotOwnChatWindow();
  if (userTwo.toLowerCase() === userOne.toLowerCase()) throw new ValidationError('userOne and userTwo must be two different users');
  const other = await accountNamed(store, userTwo);
  if (other?.status !== 'active') throw new NotFoundError('User not found');
  return other.userId;
};

/**
 * The lists of one process go out one at a time per recipient, each read just before it is sent, so that after a burst
 * (the client closes one window and opens another without waiting) the last list a user gets is the latest. Lists
 * sent by two processes can still cross; the user's next change corrects it.
 */
const listsInOrder = new KeyedQueue();

/**
 * Sends each user their list: the windows they have open, and, of those users, the ones who have the user's window
 * open in turn (what the client checks before it marks a message read). Never a pair of two other users.
 */
const sendChatUsers = async (deps: ChatWindowsDependencies, userIds: readonly string[]): Promise<void> => {
  await Promise.all(
    [...new Set(userIds)].map((userId) =>
      listsInOrder.run(userId, async () => {
        const list = await chatUsersOf(deps, userId);
        await deps.realtime.emit({ room: userRoom(userId), event: CHAT_USERS_EVENT, args: [list] });
      }),
    ),
  );
};

const chatUsersOf = async (deps: ChatWindowsDependencies, userId: string): Promise<ChatUsersPair[]> => {
  const opened = await deps.chatWindows.openedBy(userId);
  const lookingBack = await Promise.all(opened.map((otherId) => deps.chatWindows.isViewing(otherId, userId)));
  const pairs = [
    ...opened.map((otherId) => [userId, otherId] as const),
    ...opened.filter((_, i) => lookingBack[i]).map((otherId) => [otherId, userId] as const),
  ];
  const users = [userId, ...opened];
  const found = await usernamesOf(deps, users, users.length);
  const names = new Map(users.map((id, index) => [id, found[index]]));
  return pairs.flatMap(([one, two]) => {
    const [userOne, userTwo] = [names.get(one), names.get(two)];
    return userOne && userTwo ? [{ userOne, userTwo }] : [];
  });
};
