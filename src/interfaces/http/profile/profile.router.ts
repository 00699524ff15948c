import { Router } from 'express';
import type { ApiDependencies } from '../api-dependencies';
import { imagesRouter } from './images.router';
import { profileEditsRouter } from './profile-edits.router';
import { usersRouter } from './users.router';

/** Contract sections 2.2 (users and profiles, reads and commands) and 2.8 (images). */
export const profileRouter = (deps: ApiDependencies): Router => Router().use(usersRouter(deps), profileEditsRouter(deps), imagesRouter(deps));
