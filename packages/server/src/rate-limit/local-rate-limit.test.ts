import { describe, expect, it } from 'vitest';
import { LocalRateLimitStore } from './local-rate-limit.js';

// What only the in-process store has to prove: its clock is the injected one, and memory stays bounded.
describe('LocalRateLimitStore', () => {
  const rule = { limit: 3, windowMs: 3_000 };

  it('refills exactly on the injected clock', async () => {
    let now = 0;
    const store = new LocalRateLimitStore({ now: () => now });
    for (let i = 0; i < 3; i++) expect((await store.consume('k', rule)).allowed).toBe(true);
    expect(await store.consume('k', rule)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1_000 });
    now += 999;
    expect(await store.consume('k', rule)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1 });
    now += 1;
    expect(await store.consume('k', rule)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    now += 3_000;
    expect(await store.consume('k', rule)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
  });

  it('allows the full rate over time, never more', async () => {
    let now = 0;
    const store = new LocalRateLimitStore({ now: () => now });
    let allowed = 0;
    // One attempt every 100 ms for 60 s: the burst of 3 plus one per second.
    for (; now < 60_000; now += 100) if ((await store.consume('k', rule)).allowed) allowed++;
    expect(allowed).toBe(3 + 59);
  });

  it('forgets idle keys and never holds more than maxKeys', async () => {
    let now = 0;
    const store = new LocalRateLimitStore({ now: () => now, maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) await store.consume(`ip:${i}`, rule);
    expect(store.size).toBe(100);
    now += rule.windowMs;
    for (let i = 0; i < 60; i++) await store.consume(`fresh:${i}`, rule);
    // Each call sweeps up to two idle keys: 50 calls clear the 100 old ones, leaving the 60 new.
    expect(store.size).toBe(60);
  });
});
