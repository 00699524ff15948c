import { ONLINE_USERS_EVENT, type InboundSocketHandler, type Presence } from '@application/shared/realtime';

/**
 * `setup` (sent after sign-in) and `join room` (a chat page opening) both name a user in their payload, which is never
 * trusted: each only asks for the current online list, as the socket's own user may see it.
 */
export const presenceHandlers = (presence: Presence): InboundSocketHandler[] => {
  const sendOnlineList: InboundSocketHandler['handle'] = async (socket) => socket.emit(ONLINE_USERS_EVENT, await presence.onlineNamesFor(socket.userId));
  return [
    { event: 'setup', handle: sendOnlineList },
    { event: 'join room', handle: sendOnlineList },
  ];
};
