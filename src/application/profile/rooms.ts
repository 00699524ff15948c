/** Sockets of users who looked at a user's profile or follow lists, so that changes to those lists reach them. */
export const profileViewersRoom = (userId: string): string => `profile-viewers:${userId}`;
