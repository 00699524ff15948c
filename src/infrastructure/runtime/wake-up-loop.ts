import type { Doorbell, WakeReason } from '../redis/log-signals';

/**
 * Why a pass runs: on a signal, or straight after a pass that found work (`more`), a pass may trust what the signals
 * said; at start, after a wait that saw no signal, on a recheck or when a lease was taken, it looks for itself.
 */
export type PassReason = 'start' | 'signal' | 'more' | 'timeout' | 'recheck' | 'lease-taken';

/** True when the pass may have missed signals, so that what they carried (the log head) must be read again. */
export const mayHaveMissedSignals = (reason: PassReason): boolean => reason !== 'signal' && reason !== 'more';

export type WakeUpLoopOptions = Readonly<{
  signal: AbortSignal;
  doorbell: Doorbell;
  /** One pass; returns how much it did: more than 0 runs the next pass at once, 0 waits for a wake-up. */
  pass: (reason: PassReason) => Promise<number>;
  /**
   * Called every `renewEveryMs` while the loop waits: renews the leases of its idle consumers, and tries to take
   * those another process held. True when it took one: a pass is due at once.
   */
  whileIdle: () => Promise<boolean>;
  renewEveryMs: number;
  /** How long a loop with nothing to do waits for a signal before it looks anyway (a signal may have been lost). */
  fallbackMs: number;
  /** After an idle pass: how long to wait at most this time, when sooner than `fallbackMs` (work that no signal announces). */
  recheckAfterMs?: () => number | null;
  /** How long to wait after a failed pass before trying again. */
  retryAfterErrorMs: number;
  onError: (error: unknown) => void;
  /** Called after a failed pass, before waiting (e.g. to forget cached state). */
  afterError?: () => void;
}>;

/**
 * Runs `pass` until aborted: straight on while it finds work, otherwise when its doorbell rings, when it takes a
 * lease back, or after `fallbackMs`. While it waits it renews its consumers' leases, so an idle process keeps them;
 * a pass that hangs renews nothing and loses them.
 */
export const runWakeUpLoop = async (options: WakeUpLoopOptions): Promise<void> => {
  let reason: PassReason = 'start';
  while (!options.signal.aborted) {
    // The pass covers every ring until now; a recheck among them still asks it to look for itself.
    if (options.doorbell.take() === 'recheck') reason = 'recheck';
    let waitMs = options.fallbackMs;
    try {
      if ((await options.pass(reason)) > 0) {
        reason = 'more';
        continue;
      }
      waitMs = Math.min(waitMs, options.recheckAfterMs?.() ?? waitMs);
    } catch (error) {
      options.onError(error);
      options.afterError?.();
      waitMs = options.retryAfterErrorMs;
    }
    reason = await idle(options, waitMs);
  }
};

/** Waits for a ring, a lease taken back, or the end of `waitMs`, renewing leases every `renewEveryMs` meanwhile. */
const idle = async (options: WakeUpLoopOptions, waitMs: number): Promise<PassReason> => {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = deadline - Date.now();
    const rang: WakeReason = left > 0 ? await options.doorbell.wait(Math.min(options.renewEveryMs, left)) : 'timeout';
    if (rang === 'stopping' || options.signal.aborted) return 'signal';
    if (rang !== 'timeout') return rang;
    if (Date.now() >= deadline) return 'timeout';
    try {
      if (await options.whileIdle()) return 'lease-taken';
    } catch (error) {
      options.onError(error);
    }
  }
};
