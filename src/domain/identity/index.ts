export * from './account/account';
export * from './password-reset/password-reset';
export * from './reservation/reservation';
export * from './session/session';

import { accountEvents } from './account/account';
import { passwordResetEvents } from './password-reset/password-reset';
import { emails, usernames } from './reservation/reservation';
import { sessionEvents } from './session/session';

export const identityEvents = [...usernames.events, ...emails.events, ...accountEvents, ...sessionEvents, ...passwordResetEvents];
