/**
 * Who has whose chat window open (contract 2.9 `add-chat-users` / `remove-chat-users`): the receiver of a message
 * who is looking at its conversation reads it as it arrives. Shared by every process; an entry lasts until its owner
 * closes the window, or until a socket of its owner disconnects, and counts only while its owner is online with the
 * sockets they had when opening it: a socket of a process that died ends it once its presence expires, as a disconnect
 * would, and a user who went offline does not come back with the windows of before.
 */
export interface ChatWindows {
  /** `viewerId` has the conversation with `otherId` open. */
  open(viewerId: string, otherId: string): Promise<void>;
  /** Closes it; true when it was open. */
  close(viewerId: string, otherId: string): Promise<boolean>;
  /** Closes every window of the user; returns the users whose windows they had open. */
  closeAllOf(viewerId: string): Promise<string[]>;
  /** Whether `viewerId` is online and has the conversation with `otherId` open. */
  isViewing(viewerId: string, otherId: string): Promise<boolean>;
  /** The users whose conversations `viewerId` has open (while online). */
  openedBy(viewerId: string): Promise<string[]>;
}

/**
 * At most one unread-message e-mail per conversation and receiver within a window. `claim` takes the slot for a
 * message: true when the slot was free, or is already held by the same message (a retried job sends its e-mail).
 */
export interface ChatEmailThrottle {
  claim(conversationId: string, receiverId: string, messageId: string, windowMs: number): Promise<boolean>;
}

/** The ports only chat uses, bound in the same bag as the shared ones. */
export type ChatPorts = Readonly<{
  chatWindows: ChatWindows;
  chatEmailThrottle: ChatEmailThrottle;
  /** How long a message stays unread before its receiver may get an e-mail about it. */
  chatUnreadEmailDelayMs: number;
  /** At most one such e-mail per conversation and receiver within this window. */
  chatEmailWindowMs: number;
}>;
