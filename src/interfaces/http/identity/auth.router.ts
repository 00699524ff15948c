import { Router } from 'express';
import { forgotPassword } from '@application/identity/forgot-password.handler';
import { resetPassword } from '@application/identity/reset-password.handler';
import { signIn } from '@application/identity/sign-in.handler';
import { signOut } from '@application/identity/sign-out.handler';
import { signUp } from '@application/identity/sign-up.handler';
import { getUserDocument } from '@application/profile/get-user.query';
import { cardOfAccount, userDocumentOf } from '@application/profile/user-document';
import { mediaBodyLimit } from '@application/shared/media-data-url';
import type { ApiDependencies } from '../api-dependencies';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { jsonBody } from '../middleware/json-body';
import { parseBody } from '../middleware/validation';
import { forgotPasswordBody, resetPasswordBody, signInBody, signUpBody } from './auth.schemas';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

export type AuthRouterDependencies = ApiDependencies;

/** Contract section 2.1: sign-up, sign-in, sign-out, current user, forgotten and reset password. */
export const authRouter = (deps: AuthRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  const limits = deps.rateLimits;

  // Avatars arrive as data URLs drawn on a small canvas.
  router.post('/signup', jsonBody(mediaBodyLimit('image')), limits.signUp, async (request, response) => {
    const body = parseBody(signUpBody, request.body);
    const result = await signUp(deps, body, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(result.account.userId, result.writes);
    setSessionCookie(response, result.token, deps.cookie);
    response.status(201).json({ message: 'User created successfully', user: userDocumentOf(cardOfAccount(result.account)), token: result.token });
  });

  router.post('/signin', jsonBody(), limits.signIn, async (request, response) => {
    const body = parseBody(signInBody, request.body);
    const result = await signIn(deps, body, commandMetadataOf(request, clock));
    const user = (await getUserDocument.run(deps.readModels, result.account.userId)) ?? userDocumentOf(cardOfAccount(result.account));
    setSessionCookie(response, result.token, deps.cookie);
    response.json({ message: 'User login successfully', user, token: result.token });
  });

  router.get('/signout', async (request, response) => {
    await signOut(deps, request.sessionToken ?? null, commandMetadataOf(request, clock));
    clearSessionCookie(response, deps.cookie);
    response.json({ message: 'Logout successful', user: {}, token: '' });
  });

  router.get('/currentuser', requireAuthentication, async (request, response) => {
    const user = await queryAsCaller(deps, request, getUserDocument, actorOf(request).userId);
    response.json({ token: request.sessionToken, isUser: user !== null, user });
  });

  router.post('/forgot-password', jsonBody(), limits.forgotPassword, async (request, response) => {
    const body = parseBody(forgotPasswordBody, request.body);
    await forgotPassword(deps, body, commandMetadataOf(request, clock));
    response.json({ message: 'Password reset email sent.' });
  });

  router.post('/reset-password/:token', jsonBody(), limits.resetPassword, async (request, response) => {
    const body = parseBody(resetPasswordBody, request.body);
    await resetPassword(deps, { token: String(request.params.token), password: body.password }, commandMetadataOf(request, clock));
    response.json({ message: 'Password successfully updated.' });
  });

  return router;
};
