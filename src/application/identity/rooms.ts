/** The sockets opened with one session's token: they end with the session. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
