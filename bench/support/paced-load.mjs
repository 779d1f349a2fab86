// A paced, bounded HTTP load: `concurrency` workers share one schedule of `rate` requests per
// second for `durationMs`, so the load is at most `rate`/s and at most `concurrency` in flight.
// Used by the usage simulator and the ingest bench. Every request has a timeout; the loop
// stops by itself when the time is up.
import { setTimeout as sleep } from 'node:timers/promises';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * @param {{ url: string, rate: number, durationMs: number, concurrency: number,
 *   request: (i: number) => { method: string, path: string, headers?: Record<string,string>, body?: unknown },
 *   onAnswer?: (i: number, status: number, body: any) => void,
 *   onProgress?: (stats: object) => void }} o
 */
export async function pacedLoad(o) {
  const stats = { sent: 0, ok: 0, errors: {}, latenciesMs: [] };
  const started = performance.now();
  const endsAt = started + o.durationMs;
  let next = 0;
  const progress =
    o.onProgress &&
    setInterval(() => o.onProgress({ ...stats, elapsedMs: performance.now() - started }), 1000);
  const worker = async () => {
    for (;;) {
      const i = next++;
      const due = started + (i / o.rate) * 1000;
      // Behind schedule (a slow server) the time still ends the run: what is not sent by then is not sent.
      if (due >= endsAt || performance.now() >= endsAt) return;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const spec = o.request(i);
      stats.sent++;
      const t0 = performance.now();
      try {
        const res = await fetch(`${o.url}${spec.path}`, {
          method: spec.method,
          headers: {
            ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...spec.headers,
          },
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        stats.latenciesMs.push(performance.now() - t0);
        let body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // /healthz and friends may answer plain text
        }
        if (res.ok) stats.ok++;
        else {
          const code = body?.error?.code ?? `HTTP_${res.status}`;
          stats.errors[code] = (stats.errors[code] ?? 0) + 1;
        }
        o.onAnswer?.(i, res.status, body);
      } catch (err) {
        const code = err?.name === 'TimeoutError' ? 'TIMEOUT' : (err?.cause?.code ?? 'NETWORK');
        stats.errors[code] = (stats.errors[code] ?? 0) + 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  } finally {
    if (progress) clearInterval(progress);
  }
  const elapsedMs = performance.now() - started;
  return { ...stats, elapsedMs, ...latencySummary(stats.latenciesMs) };
}

export function latencySummary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** Loopback addresses only, unless the caller opts out: a load loop must never leave the host by accident. */
export function isLoopback(url) {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
