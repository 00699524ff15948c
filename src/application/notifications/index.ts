/** What other contexts may use of notifications: notifying a user of what another did (comments, reactions, messages). */
export { notifyUser, type Notice } from './notify-user';
export { INBOX_PROJECTION } from './inbox.projection';
