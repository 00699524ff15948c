/** What other contexts may use of profile: user cards and documents, the lists of people, and who may see whom. */
export { userCardsOf, publicUserDocumentsOf, followerCardsOf, type FollowerCard } from './user-documents.query';
export { USERS_PROJECTION } from './users.projection';
export type { PublicUserDocument, UserCard, UserDocument } from './user-document';
export { profileViewersRoom } from './rooms';
export { usernamesOf } from './usernames';
