import { describe, expect, it } from 'vitest';
import { RolledCache } from './rolled-cache.js';

const days = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-08T00:00:00Z') };
const state = (rolled: string, compacted: string | null = null) => ({
  rolledUntil: new Date(rolled),
  compactedUntil: compacted ? new Date(compacted) : null,
});

describe('answers from rolled-up days, kept while the rollup state stays', () => {
  it('reads once per range and state; a rolled or compacted day reads again', async () => {
    const cache = new RolledCache();
    let reads = 0;
    const read = async () => ++reads;
    const s = state('2026-11-10T00:00:00Z');
    expect(await cache.get('active', days, s, read)).toBe(1);
    expect(await cache.get('active', days, { ...s }, read)).toBe(1);
    expect(await cache.get('lengths', days, s, read)).toBe(2);
    expect(await cache.get('active', days, state('2026-11-11T00:00:00Z'), read)).toBe(3);
    expect(await cache.get('active', days, state('2026-11-10T00:00:00Z', '2026-11-02T00:00:00Z'), read)).toBe(
      4,
    );
  });

  it('keeps a bounded number of answers, dropping the least used', async () => {
    const cache = new RolledCache(2);
    let reads = 0;
    const read = async () => ++reads;
    const s = state('2026-11-10T00:00:00Z');
    await cache.get('a', days, s, read);
    await cache.get('b', days, s, read);
    await cache.get('a', days, s, read); // used again: b is now the oldest
    await cache.get('c', days, s, read);
    expect(await cache.get('a', days, s, read)).toBe(1);
    expect(await cache.get('b', days, s, read)).toBe(4);
  });

  it('does not keep a failed read', async () => {
    const cache = new RolledCache();
    const s = state('2026-11-10T00:00:00Z');
    await expect(cache.get('a', days, s, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', days, s, async () => 7)).toBe(7);
  });
});
