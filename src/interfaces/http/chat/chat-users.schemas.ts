import { z } from 'zod';
import { requiredString } from '../middleware/validation';

/*
 * Contract 2.9 `add-chat-users` and `remove-chat-users`: two usernames, as the client's `profile.username` and the
 * `add chat users` list spell them (compared case-insensitively); unknown keys are refused.
 */

const USERNAME_MAX = 100;

export const chatUsersBody = z.strictObject({ userOne: requiredString('userOne', USERNAME_MAX), userTwo: requiredString('userTwo', USERNAME_MAX) });
