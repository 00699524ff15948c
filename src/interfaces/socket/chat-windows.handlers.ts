import { closeAllChatWindows, type ChatWindowsDependencies } from '@application/chat/chat-windows';
import type { InboundSocketHandler } from '@application/shared/realtime';

/**
 * When any socket of a user disconnects (a tab closed or reloaded, a sign-out, a server shutting down), all their chat
 * windows close, and the users whose conversations they had open get their updated `add chat users` lists.
 */
export const chatWindowsHandlers = (deps: ChatWindowsDependencies): InboundSocketHandler[] => [
  { event: 'disconnect', handle: (socket) => closeAllChatWindows(deps, socket.userId) },
];
