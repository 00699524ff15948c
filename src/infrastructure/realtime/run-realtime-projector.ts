import { runBackgroundLoop, type BackgroundLoopOptions } from '@infrastructure/runtime/background-loop';
import type { RealtimeProjector } from './realtime-projector';

/**
 * Drives the projector until aborted: straight on while there is work, otherwise until the log grows (wait on
 * LOG_GREW) or the idle time passes; a process without the lease tries again then. The caller releases the lease on
 * the way out (`Leases.releaseAll`), so that another process takes over without waiting for it to expire.
 */
export const runRealtimeProjector = (projector: RealtimeProjector, options: BackgroundLoopOptions): Promise<void> =>
  runBackgroundLoop(() => projector.runOnce(), options);
