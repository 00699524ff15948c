/** What other contexts may use of identity. */
export { ACCESS_PROJECTION } from './access.projection';
export { accountNamed, activeAccountOf, assertUserExists, usernamesFromAccounts, type ActiveAccount } from './account.queries';
export type { Actor } from './authenticate';
export type { IdentityDependencies, IdentityPorts } from './identity-dependencies';
export { sessionRoom } from './rooms';
