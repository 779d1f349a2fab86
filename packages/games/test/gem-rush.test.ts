import { describe, expect, it } from 'vitest';
import type { GamePlayer, GameTickContext } from '@parlor/protocol';
import {
  builtInGameTypes,
  createSeededRng,
  findBuiltInGame,
  gemRush,
  rankByScore,
  type GemRushState,
} from '../src/index.js';

const players: GamePlayer[] = [
  { playerId: 'a', displayName: 'Ada' },
  { playerId: 'b', displayName: 'Bob' },
  { playerId: 'c', displayName: 'Cy' },
];
const dt = 1000 / gemRush.meta.tickHz;

/** Plays a whole round with scripted bots; returns the final state and private messages. */
function play(seed: number, difficulty: string, ticks = Infinity) {
  const rng = createSeededRng(seed);
  const state = gemRush.init({ difficulty, players, seed, rng });
  const inbox: [string, unknown][] = [];
  const ctx: GameTickContext = { rng, sendTo: (id, data) => void inbox.push([id, data]) };
  for (let t = 0; t < ticks && !gemRush.result(state); t++) {
    for (const runner of Object.values(state.runners)) {
      // Bot: steer to the nearest gem, dash now and then.
      const gem = Object.values(state.gems).sort(
        (g, h) => Math.hypot(g.x - runner.x, g.y - runner.y) - Math.hypot(h.x - runner.x, h.y - runner.y),
      )[0];
      if (!gem) continue;
      const len = Math.hypot(gem.x - runner.x, gem.y - runner.y) || 1;
      gemRush.input(state, runner.playerId, {
        x: (gem.x - runner.x) / len,
        y: (gem.y - runner.y) / len,
        dash: t % 70 === 0,
      });
    }
    gemRush.tick(state, dt, ctx);
  }
  return { state, inbox };
}

describe('Gem Rush', () => {
  it('is registered as a built-in game', () => {
    expect(findBuiltInGame('gem-rush')).toBe(gemRush);
    expect(builtInGameTypes()).toContainEqual(
      expect.objectContaining({
        id: 'gem-rush',
        minPlayers: 2,
        maxPlayers: 8,
        difficulties: ['easy', 'normal', 'hard'],
      }),
    );
  });

  it('is deterministic given a seed', () => {
    const one = play(7, 'normal', 400);
    const two = play(7, 'normal', 400);
    expect(one.state).toEqual(two.state);
    expect(one.inbox).toEqual(two.inbox);
    expect(play(8, 'normal', 400).state).not.toEqual(one.state);
  });

  it('ends after three minutes with ranked results that match the scores', () => {
    const { state, inbox } = play(1, 'normal');
    expect(state.elapsedMs).toBe(180_000);
    const results = gemRush.result(state)!;
    expect(results.players.map((p) => p.playerId).sort()).toEqual(['a', 'b', 'c']);
    for (const line of results.players) expect(line.score).toBe(state.runners[line.playerId]!.score);
    expect(results.players[0]!.rank).toBe(1);
    expect(results.summary).toMatch(/wins|tie/);
    // Bots chasing gems collect some, and get hit now and then.
    expect(Object.values(state.runners).some((r) => r.gems > 0)).toBe(true);
    expect(inbox.some(([, m]) => (m as { kind: string }).kind === 'hit')).toBe(true);
  });

  it('gets harder with the difficulty and over time', () => {
    const easy = play(3, 'easy');
    const hard = play(3, 'hard');
    const hits = (s: GemRushState) => Object.values(s.runners).reduce((n, r) => n + r.hits, 0);
    expect(hard.state.hazards.length).toBeGreaterThan(easy.state.hazards.length);
    expect(hits(hard.state)).toBeGreaterThan(hits(easy.state));
    const early = play(3, 'hard', 10).state.hazards[0]!;
    const late = hard.state.hazards[0]!;
    expect(Math.hypot(late.vx, late.vy)).toBeGreaterThan(Math.hypot(early.vx, early.vy));
  });

  it('ignores junk input and input from unknown players', () => {
    const rng = createSeededRng(1);
    const state = gemRush.init({ difficulty: 'easy', players, seed: 1, rng });
    const before = structuredClone(state);
    for (const junk of [
      null,
      1,
      'x',
      { x: 5, y: 0 },
      { x: NaN, y: 0 },
      { x: 0 },
      { x: 0, y: 0, dash: 'yes' },
    ]) {
      gemRush.input(state, 'a', junk);
    }
    gemRush.input(state, 'nobody', { x: 1, y: 0 });
    expect(state).toEqual(before);
  });

  it('keeps the score of a player who left but stops moving them', () => {
    const rng = createSeededRng(2);
    const state = gemRush.init({ difficulty: 'easy', players, seed: 2, rng });
    gemRush.input(state, 'b', { x: 1, y: 0 });
    gemRush.leave(state, 'b');
    const x = state.runners.b!.x;
    gemRush.tick(state, dt, { rng, sendTo: () => {} });
    expect(state.runners.b).toMatchObject({ active: false, x });
  });

  it('ranks ties together', () => {
    expect(rankByScore([{ score: 3 }, { score: 5 }, { score: 3 }, { score: 1 }]).map((r) => r.rank)).toEqual([
      1, 2, 2, 4,
    ]);
  });
});
