// Measuring loops shared by the game benchmarks: sequential latencies and bounded bursts.

/** Rejects when `promise` takes longer than `ms`, so that no step of a bench can hang. */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) };
}

/**
 * `count` creates one after the other, each game deleted and its server gone before the next,
 * and (with a warm pool) the pool full again: every sample is one allocation under no other load.
 * Two unmeasured creates first, so that the JIT and the connection pool are warm.
 */
export async function creationLatencies(node, count, timeoutMs) {
  const one = async () => {
    await within(node.whenWarm(), timeoutMs, 'warm pool refill');
    const started = performance.now();
    const gameId = await within(node.createGame(), timeoutMs, 'POST /v1/games');
    const ms = performance.now() - started;
    await node.deleteGame(gameId);
    await node.settle(timeoutMs);
    return ms;
  };
  for (let i = 0; i < 2; i++) await one();
  const samples = [];
  for (let i = 0; i < count; i++) samples.push(await one());
  return percentiles(samples);
}

/**
 * Runs `count` calls of `start` with at most `concurrency` in flight; returns what they
 * resolved to and the rate. Nothing is torn down inside the window: the caller does that after.
 */
export async function burst(count, concurrency, start, timeoutMs) {
  const results = [];
  let next = 0;
  let failed = false;
  const began = performance.now();
  // Every worker is awaited, also after a failure, so that the caller's clean-up sees all.
  const outcomes = await Promise.allSettled(
    Array.from({ length: concurrency }, async () => {
      while (next < count && !failed) {
        next++;
        try {
          results.push(await within(start(), timeoutMs, 'burst allocation'));
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    }),
  );
  const failure = outcomes.find((o) => o.status === 'rejected');
  if (failure) throw failure.reason;
  const seconds = (performance.now() - began) / 1000;
  return { results, perSec: count / seconds, seconds };
}
