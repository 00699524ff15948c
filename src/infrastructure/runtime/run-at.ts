/** Node fires a timer longer than 2^31-1 ms (about 24.8 days) at once; later times are reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `task` at `time` (ms since the epoch), without keeping the process alive; `cancel` stops it. */
export const runAt = (time: number, task: () => void): { cancel: () => void } => {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = time - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(task, Math.max(0, left));
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
};
