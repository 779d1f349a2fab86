import { describe, expect, it } from 'vitest';
import type { GamePlayer, GameTickContext } from '@parlor/protocol';
import { builtInGameTypes, createSeededRng, gemRush } from '../src/index.js';

const players: GamePlayer[] = [
  { playerId: 'a', displayName: 'Ada' },
  { playerId: 'b', displayName: 'Bob' },
];
const dt = 1000 / gemRush.meta.tickHz;

/** Ticks an idle round to its end; returns how long it ran. */
function roundLength(options?: Record<string, number | string>): number {
  const rng = createSeededRng(7);
  const state = gemRush.init({ difficulty: 'easy', players, seed: 7, rng, ...(options ? { options } : {}) });
  const ctx: GameTickContext = { rng, sendTo: () => {} };
  let ticks = 0;
  while (!gemRush.result(state) && ticks < 10 * 60 * gemRush.meta.tickHz) {
    gemRush.tick(state, dt, ctx);
    ticks++;
  }
  return ticks * dt;
}

describe('Gem Rush round length', () => {
  it('is an option the game types answer lists: 1, 3 or 5 minutes, 3 by default', () => {
    const meta = builtInGameTypes().find((g) => g.id === 'gem-rush')!;
    expect(meta.options).toEqual([
      { id: 'roundMinutes', name: 'Round length', choices: [1, 3, 5], default: 3, unit: 'minutes' },
    ]);
  });

  it('runs as long as the host chose', () => {
    expect(roundLength({ roundMinutes: 1 })).toBe(60_000);
    expect(roundLength({ roundMinutes: 5 })).toBe(300_000);
    expect(roundLength()).toBe(180_000);
    // The runtime refuses other values; called directly, the game falls back to its default.
    expect(roundLength({ roundMinutes: 2 })).toBe(180_000);
  });
});
