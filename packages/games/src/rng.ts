import type { Rng } from '@parlor/protocol';

/** mulberry32: tiny, fast, good enough for games, and the same on every platform. */
export function createSeededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Competition ranking ("1224"): equal scores share a rank. Highest score first. */
export function rankByScore<T extends { score: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  return sorted.map((row, i) => {
    const firstEqual = sorted.findIndex((other) => other.score === row.score);
    return { ...row, rank: (firstEqual === -1 ? i : firstEqual) + 1 };
  });
}
