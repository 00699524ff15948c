export type BackgroundLoopOptions = Readonly<{
  signal: AbortSignal;
  /** Resolves when there may be new work (a wake-up signal), or after `ms` at the latest: wake-ups can be lost. */
  waitForWork: (ms: number) => Promise<void>;
  idleMs: number;
  onError: (error: unknown) => void;
  /** Called after a failed step, before waiting (e.g. to forget cached state). */
  afterError?: () => void;
}>;

/** Runs `step` until aborted: straight on while it finds work (returns > 0), otherwise after the next wake-up. */
export const runBackgroundLoop = async (step: () => Promise<number>, options: BackgroundLoopOptions): Promise<void> => {
  while (!options.signal.aborted) {
    try {
      if ((await step()) === 0) await options.waitForWork(options.idleMs);
    } catch (error) {
      options.onError(error);
      options.afterError?.();
      await options.waitForWork(options.idleMs);
    }
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
