/** A lease lasts this long unless renewed: a process that dies loses its leases within this time. */
export const LEASE_TTL_MS = 10_000;

/**
 * Idle loops renew their consumers' leases this often (three tries before a lease expires, so one slow round trip
 * or a busy event loop does not lose it); a loop whose lease another process holds tries to take it as often, so
 * it takes over within LEASE_TTL_MS + LEASE_RENEW_MS of that process's death.
 */
export const LEASE_RENEW_MS = Math.floor(LEASE_TTL_MS / 3);

/**
 * How long a loop with nothing to do waits for a wake-up before it looks for work anyway. Wake-ups are Redis pub/sub
 * messages: one published while a subscriber reconnects is lost, but every resubscription wakes every loop, so this
 * only bounds the rarer losses (a publish that failed while Redis stayed up, a message dropped by the server). Past
 * lost signals, it bounds how late a process notices a change nothing announces: Redis losing the read models
 * (FLUSHALL without a restart), which each projection then rebuilds. Each fallback pass reads the log head and each
 * policy's checkpoint from the database, so it is kept long.
 */
export const WAKE_UP_FALLBACK_MS = 60_000;

/**
 * How long the sequencer waits for a writer's signal before it looks at its inbox anyway: much sooner than the
 * consumers, because a commit nobody announced (a writer whose publish failed, a store used without the system's
 * signals, by a tool or a test) waits for it, and a look at an empty inbox costs FerretDB about a millisecond.
 */
export const SEQUENCER_FALLBACK_MS = 5_000;

/** How soon the sequencer looks again while its inbox holds commits it could not take yet (their writer may have died). */
export const SEQUENCER_RECHECK_MS = 1_000;

/** How long a loop waits after a failed pass before it tries again. */
export const RETRY_AFTER_ERROR_MS = 1_000;
