import { z } from 'zod';
import type { GameLogic, GameResults, GameTypeMeta } from '@parlor/protocol';
import { rankByScore } from '../rng.js';
import { step } from './simulate.js';
import { newRunner, refillGems, spawnHazard } from './spawn.js';
import {
  ARENA,
  DEFAULT_ROUND_MINUTES,
  ROUND_MINUTES,
  RUNNER,
  difficulties,
  isDifficulty,
  rulesFor,
  type GemRushState,
} from './state.js';

export type { GemRushState, Runner, Gem, Hazard, Difficulty } from './state.js';

export const gemRushMeta: GameTypeMeta = {
  id: 'gem-rush',
  name: 'Gem Rush',
  minPlayers: 2,
  maxPlayers: 8,
  difficulties: [...difficulties],
  tickHz: 20,
  options: [
    {
      id: 'roundMinutes',
      name: 'Round length',
      choices: [...ROUND_MINUTES],
      default: DEFAULT_ROUND_MINUTES,
      unit: 'minutes',
    },
  ],
};

/** `{x, y}` is the steering direction (a joystick), `dash` a short burst of speed. */
export const GemRushInput = z.object({
  x: z.number().min(-1).max(1),
  y: z.number().min(-1).max(1),
  dash: z.boolean().optional(),
});
export type GemRushInput = z.infer<typeof GemRushInput>;

export const gemRush: GameLogic<GemRushState> = {
  meta: gemRushMeta,

  init({ difficulty, options, players, rng }) {
    const state: GemRushState = {
      difficulty: isDifficulty(difficulty) ? difficulty : 'normal',
      width: ARENA.width,
      height: ARENA.height,
      durationMs: roundMinutes(options?.roundMinutes) * 60_000,
      elapsedMs: 0,
      level: 0,
      nextGemId: 1,
      runners: {},
      gems: {},
      hazards: [],
      over: false,
    };
    players.forEach((player, i) => {
      state.runners[player.playerId] = newRunner(player, i, players.length);
    });
    for (let i = 0; i < rulesFor[state.difficulty].hazards; i++) spawnHazard(state, rng);
    refillGems(state, rng);
    return state;
  },

  leave(state, playerId) {
    const runner = state.runners[playerId];
    if (!runner) return;
    runner.active = false;
    runner.dirX = 0;
    runner.dirY = 0;
  },

  input(state, playerId, raw) {
    const parsed = GemRushInput.safeParse(raw);
    const runner = state.runners[playerId];
    if (!parsed.success || !runner?.active || state.over) return;
    const { x, y, dash } = parsed.data;
    const len = Math.hypot(x, y);
    const scale = len > 1 ? 1 / len : 1;
    runner.dirX = round2(x * scale);
    runner.dirY = round2(y * scale);
    if (dash && runner.dashCooldownMs <= 0 && runner.stunnedMs <= 0) {
      runner.dashMs = RUNNER.dashMs;
      runner.dashCooldownMs = RUNNER.dashCooldownMs;
    }
  },

  tick(state, dtMs, ctx) {
    step(state, dtMs, ctx);
  },

  result(state): GameResults | null {
    if (!state.over) return null;
    const ranked = rankByScore(Object.values(state.runners));
    const winners = ranked.filter((r) => r.rank === 1);
    const names = new Intl.ListFormat('en').format(winners.map((w) => w.displayName));
    const score = winners[0]?.score ?? 0;
    const summary =
      winners.length === 0
        ? 'nobody played'
        : `${names} ${winners.length > 1 ? 'tie' : 'wins'} with ${score} ${score === 1 ? 'point' : 'points'}`;
    return {
      players: ranked.map((r) => ({ playerId: r.playerId, score: r.score, rank: r.rank })),
      summary,
    };
  },
};

/** The runtime checks options against meta.options; a direct caller may still pass anything. */
function roundMinutes(value: unknown): number {
  return (ROUND_MINUTES as readonly unknown[]).includes(value) ? (value as number) : DEFAULT_ROUND_MINUTES;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
