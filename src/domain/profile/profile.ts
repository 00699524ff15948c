import { z } from 'zod';
import { defineEvent, type Command, type Decider, type EventOf } from '@domain/shared';
import {
  decideChangeBackground,
  decideRemoveBackground,
  decideRemoveGalleryImage,
  evolveBackground,
  imageEvents,
  type Background,
  type ImageCommand,
  type ImageEvent,
} from './images';

/**
 * What a user says about themselves, which notifications they want, and their background image (`images.ts`).
 * Partial updates merge into what is there.
 */

const basicInfo = { quote: z.string(), work: z.string(), school: z.string(), location: z.string() };
const socialLinks = { facebook: z.string(), instagram: z.string(), twitter: z.string(), youtube: z.string() };
const settings = { messages: z.boolean(), reactions: z.boolean(), comments: z.boolean(), follows: z.boolean() };

export const basicInfoUpdated = defineEvent('BasicInfoUpdated', 1, z.object({ userId: z.string().min(1), ...basicInfo, updatedAt: z.string() }));
export const socialLinksUpdated = defineEvent('SocialLinksUpdated', 1, z.object({ userId: z.string().min(1), ...socialLinks, updatedAt: z.string() }));
export const notificationSettingsChanged = defineEvent(
  'NotificationSettingsChanged',
  1,
  z.object({ userId: z.string().min(1), ...settings, changedAt: z.string() }),
);

export const profileEvents = [basicInfoUpdated, socialLinksUpdated, notificationSettingsChanged, ...imageEvents];
export type ProfileEvent = EventOf<typeof basicInfoUpdated> | EventOf<typeof socialLinksUpdated> | EventOf<typeof notificationSettingsChanged> | ImageEvent;

export type BasicInfo = Readonly<{ quote: string; work: string; school: string; location: string }>;
export type SocialLinks = Readonly<{ facebook: string; instagram: string; twitter: string; youtube: string }>;
export type NotificationSettings = Readonly<{ messages: boolean; reactions: boolean; comments: boolean; follows: boolean }>;

export type Profile = Readonly<{ basicInfo: BasicInfo; socialLinks: SocialLinks; settings: NotificationSettings; background: Background | null }>;

export const defaultSettings: NotificationSettings = { messages: true, reactions: true, comments: true, follows: true };

export type UpdateBasicInfo = Command<'UpdateBasicInfo', { userId: string; changes: Partial<BasicInfo> }>;
export type UpdateSocialLinks = Command<'UpdateSocialLinks', { userId: string; changes: Partial<SocialLinks> }>;
export type ChangeNotificationSettings = Command<'ChangeNotificationSettings', { userId: string; changes: Partial<NotificationSettings> }>;
export type ProfileCommand = UpdateBasicInfo | UpdateSocialLinks | ChangeNotificationSettings | ImageCommand;

export const profileStreamId = (userId: string): string => `profile:${userId}`;

const changed = <T extends object>(current: T, merged: T): boolean => JSON.stringify(current) !== JSON.stringify(merged);

export const profileDecider: Decider<ProfileCommand, ProfileEvent, Profile> = {
  initialState: () => ({
    basicInfo: { quote: '', work: '', school: '', location: '' },
    socialLinks: { facebook: '', instagram: '', twitter: '', youtube: '' },
    settings: defaultSettings,
    background: null,
  }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'BasicInfoUpdated': {
        const { quote, work, school, location } = event.data;
        return { ...state, basicInfo: { quote, work, school, location } };
      }
      case 'SocialLinksUpdated': {
        const { facebook, instagram, twitter, youtube } = event.data;
        return { ...state, socialLinks: { facebook, instagram, twitter, youtube } };
      }
      case 'NotificationSettingsChanged': {
        const { messages, reactions, comments, follows } = event.data;
        return { ...state, settings: { messages, reactions, comments, follows } };
      }
      case 'BackgroundImageChanged':
      case 'BackgroundImageRemoved':
      case 'GalleryImageRemoved':
        return { ...state, background: evolveBackground(state.background, event) };
    }
  },
  decide: (command, state) => {
    const { userId } = command.data;
    const at = command.metadata.now.toISOString();
    switch (command.type) {
      case 'UpdateBasicInfo': {
        const merged = { ...state.basicInfo, ...command.data.changes };
        return changed(state.basicInfo, merged) ? [{ type: 'BasicInfoUpdated', data: { userId, ...merged, updatedAt: at } }] : [];
      }
      case 'UpdateSocialLinks': {
        const merged = { ...state.socialLinks, ...command.data.changes };
        return changed(state.socialLinks, merged) ? [{ type: 'SocialLinksUpdated', data: { userId, ...merged, updatedAt: at } }] : [];
      }
      case 'ChangeNotificationSettings': {
        const merged = { ...state.settings, ...command.data.changes };
        return changed(state.settings, merged) ? [{ type: 'NotificationSettingsChanged', data: { userId, ...merged, changedAt: at } }] : [];
      }
      case 'ChangeBackgroundImage':
        return decideChangeBackground(command, state.background);
      case 'RemoveBackgroundImage':
        return decideRemoveBackground(command, state.background);
      case 'RemoveGalleryImage':
        return decideRemoveGalleryImage(command);
    }
  },
};
