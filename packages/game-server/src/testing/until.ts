export interface UntilOptions {
  /** Give up after this long: a safety net against a hung test, never a timing assertion. */
  timeoutMs?: number;
  everyMs?: number;
}

/**
 * Polls `check` until it returns something truthy, and returns that; throws once `timeoutMs` has
 * passed. The one wait helper of every package's tests.
 */
export async function until<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, everyMs = 10 }: UntilOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
