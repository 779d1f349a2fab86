// The usage simulator's core: N players of one studio whose logins are reported with the
// studio's metrics-reporter key at R per second, as a studio's own backend would.
import { randomUUID } from 'node:crypto';
import { pacedLoad } from './paced-load.mjs';

/**
 * @param {{ url: string, key: string, users: number, rate: number, durationMs: number,
 *   concurrency?: number, prefix?: string, idempotent?: boolean, onProgress?: (s: object) => void }} o
 */
export async function simulateUsage(o) {
  const prefix = o.prefix ?? 'sim-player-';
  const latest = new Map(); // player → active, as the last answer said
  const stats = await pacedLoad({
    url: o.url,
    rate: o.rate,
    durationMs: o.durationMs,
    concurrency: o.concurrency ?? Math.min(64, Math.max(1, Math.ceil(o.rate / 10))),
    request: (i) => ({
      method: 'POST',
      path: '/v1/metrics',
      headers: {
        authorization: `Bearer ${o.key}`,
        ...(o.idempotent ? { 'idempotency-key': `sim-${randomUUID()}` } : {}),
      },
      body: { userId: `${prefix}${i % o.users}` },
    }),
    onAnswer: (_i, status, body) => {
      if (status === 200 && body) latest.set(body.userId, body.active);
    },
    onProgress: o.onProgress && ((s) => o.onProgress({ ...s, ...counts(latest) })),
  });
  return { ...stats, ...counts(latest) };
}

function counts(latest) {
  let active = 0;
  for (const isActive of latest.values()) if (isActive) active++;
  return { active, inactive: latest.size - active };
}
