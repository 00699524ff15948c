/**
 * Polls `check` until it returns something truthy, which it returns; fails after `timeoutMs` naming `description`. The
 * default is generous: on a busy machine the read models can lag by many seconds, and a passing check returns at once.
 */
export const eventually = async <T>(check: () => Promise<T>, timeoutMs = 30_000, description = 'the condition'): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
