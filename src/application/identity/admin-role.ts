import { accountDecider, accountStreamId } from '@domain/identity';
import type { SharedDependencies } from '@application/shared/dependencies';
import { loadState } from '@application/shared/handle-command';
import { adminRoleOf } from './access.projection';

/**
 * Whether the user may use the admin routes: from the access read model, or, while it is rebuilt from empty (Redis lost
 * everything), from the account's stream, so that admins can watch the recovery they would otherwise be locked out of.
 */
export const isAdmin = async (deps: Pick<SharedDependencies, 'readModels' | 'store'>, userId: string): Promise<boolean> => {
  const fromModel = await adminRoleOf.run(deps.readModels, userId);
  if (fromModel !== null) return fromModel;
  const account = await loadState(deps.store, accountDecider, accountStreamId(userId));
  return account.status === 'active' && account.isAdmin;
};
