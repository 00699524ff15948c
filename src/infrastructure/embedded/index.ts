export { startEmbeddedServices, type EmbeddedServices, type EmbeddedServicesOptions } from './embedded-services';
export { assertFerretDbBinary, ferretDbBinaryPath, startFerretDb, type FerretDbHandler, type FerretDbOptions } from './ferretdb';
export { findFreePort } from './free-port';
export type { ManagedProcess } from './managed-process';
export { startRedisServer, type RedisServerOptions } from './redis-server';
