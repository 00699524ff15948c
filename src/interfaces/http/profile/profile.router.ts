import { Router } from 'express';
import type { ApiDependencies } from '../api-dependencies';
import { profileEditsRouter } from './profile-edits.router';
import { usersRouter } from './users.router';

/** Contract section 2.2 (users and profiles), reads and commands. */
export const profileRouter = (deps: ApiDependencies): Router => Router().use(usersRouter(deps), profileEditsRouter(deps));
