import type { CookieOptions, Response } from 'express';
import { SESSION_COOKIE } from '../middleware/authentication';

export type SessionCookieSettings = Readonly<{ secure: boolean; maxAgeMs: number }>;

/**
 * The client runs on its own origin and sends the cookie with credentials. Over HTTPS the cookie must be
 * `SameSite=None; Secure` to cross sites; over plain HTTP (development on localhost, same site) `Lax` is what works.
 */
const optionsOf = (settings: SessionCookieSettings): CookieOptions => ({
  httpOnly: true,
  secure: settings.secure,
  sameSite: settings.secure ? 'none' : 'lax',
  path: '/',
});

export const setSessionCookie = (response: Response, token: string, settings: SessionCookieSettings): void => {
  response.cookie(SESSION_COOKIE, token, { ...optionsOf(settings), maxAge: settings.maxAgeMs });
};

export const clearSessionCookie = (response: Response, settings: SessionCookieSettings): void => {
  response.clearCookie(SESSION_COOKIE, optionsOf(settings));
};
