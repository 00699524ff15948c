import type { ChatPorts } from '@application/chat/ports';
import type { IdentityPorts } from '@application/identity';
import type { SharedDependencies } from '@application/shared/dependencies';

/**
 * The one bag of ports, bound once by the container: the shared ones and those a context adds. Every command handler,
 * policy, query and job takes the part it needs (`(deps, input, metadata)`); a new port is added here and bound there.
 */
export type Dependencies = SharedDependencies & IdentityPorts & ChatPorts;
