import type { Dependencies } from '@application/dependencies';
import type { SessionCookieSettings } from './identity/session-cookie';
import type { RateLimits } from './middleware/rate-limits';

/** What the routers of every context may use: the ports of the application, and what only HTTP needs. */
export type ApiDependencies = Dependencies &
  Readonly<{
    cookie: SessionCookieSettings;
    rateLimits: RateLimits;
    /** How long a query waits for the caller's own last write to reach the read models. */
    readYourWritesTimeoutMs: number;
  }>;
