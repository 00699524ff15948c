import type { Account } from '@domain/identity';
import { defaultSettings, type NotificationSettings, type SocialLinks } from '@domain/profile';

/** The user object of the Chatty contract (section 2.1), never with a password. */
export type UserDocument = Readonly<{
  _id: string;
  authId: string;
  uId: string;
  username: string;
  email: string;
  avatarColor: string;
  profilePicture: string;
  createdAt: string;
  postsCount: number;
  followersCount: number;
  followingCount: number;
  blocked: string[];
  blockedBy: string[];
  work: string;
  location: string;
  school: string;
  quote: string;
  bgImageVersion: string;
  bgImageId: string;
  /** The background image's full URL (not in the old contract: its client builds one on its own Cloudinary account). */
  bgImageUrl: string;
  notifications: NotificationSettings;
  social: SocialLinks;
}>;

/**
 * Another user's document, as anyone may see it: their e-mail address and block lists stay empty (the contract keeps
 * the keys), and their notification settings are left out. They are theirs alone.
 */
export type PublicUserDocument = Omit<UserDocument, 'notifications'>;

/** The `profile.users` hash of a user (all values are strings; `social` and `notifications` are JSON). */
export type UserCard = Readonly<Record<string, string | undefined>> &
  Readonly<{ userId: string; username: string; email: string; avatarColor: string; profilePicture: string; uId: string; createdAt: string }>;

/** What other read models know about the user: counts and blocks. */
export type UserExtras = Readonly<{ postsCount: number; followersCount: number; followingCount: number; blocked: string[]; blockedBy: string[] }>;

const noExtras: UserExtras = { postsCount: 0, followersCount: 0, followingCount: 0, blocked: [], blockedBy: [] };
const noSocialLinks: SocialLinks = { facebook: '', instagram: '', twitter: '', youtube: '' };

export const userDocumentOf = (card: UserCard, extras: UserExtras = noExtras): UserDocument => ({
  _id: card.userId,
  authId: card.userId,
  uId: card.uId,
  username: card.username,
  email: card.email,
  avatarColor: card.avatarColor,
  profilePicture: card.profilePicture,
  createdAt: card.createdAt,
  ...extras,
  work: card.work ?? '',
  location: card.location ?? '',
  school: card.school ?? '',
  quote: card.quote ?? '',
  bgImageVersion: card.bgImageVersion ?? '',
  bgImageId: card.bgImageId ?? '',
  bgImageUrl: card.bgImageUrl ?? '',
  notifications: card.notifications ? (JSON.parse(card.notifications) as NotificationSettings) : defaultSettings,
  social: card.social ? (JSON.parse(card.social) as SocialLinks) : noSocialLinks,
});

/** The card of a freshly read account, before the read model has it (sign-up and sign-in answers). */
export const cardOfAccount = (account: Extract<Account, { status: 'active' }>): UserCard => ({
  userId: account.userId,
  username: account.username,
  email: account.email,
  avatarColor: account.avatarColor,
  profilePicture: account.profilePicture,
  uId: account.uId,
  createdAt: account.registeredAt,
});

export const publicUserDocumentOf = (card: UserCard, counts: Pick<UserExtras, 'postsCount' | 'followersCount' | 'followingCount'>): PublicUserDocument => {
  const { notifications: _theirsAlone, ...visible } = userDocumentOf({ ...card, email: '' }, { ...counts, blocked: [], blockedBy: [] });
  return visible;
};
