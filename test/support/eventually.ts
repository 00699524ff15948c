/** Polls `check` until it returns something truthy, which it returns; fails after `timeoutMs` naming `description`. */
export const eventually = async <T>(check: () => Promise<T>, timeoutMs = 10_000, description = 'the condition'): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
