import { z } from 'zod';
import type { GameLogic } from '@parlor/protocol';

export interface CounterState {
  counts: Record<string, number>;
  ticks: number;
  target: number;
}

const Add = z.object({ add: z.int().min(1).max(5) });

/**
 * A trivial game for runtime tests: players add to their counter; the first to reach
 * the target ends the game. Deliberately dumb so tests are about the runtime.
 */
export function counterGame(
  target = 5,
  overrides: Partial<GameLogic<CounterState>> = {},
): GameLogic<CounterState> {
  return {
    meta: {
      id: 'counter',
      name: 'Counter',
      minPlayers: 2,
      maxPlayers: 8,
      difficulties: ['easy', 'hard'],
      tickHz: 50,
    },
    init: ({ players }) => ({
      counts: Object.fromEntries(players.map((p) => [p.playerId, 0])),
      ticks: 0,
      target,
    }),
    leave: (state, playerId) => {
      delete state.counts[playerId];
    },
    input: (state, playerId, input) => {
      const parsed = Add.safeParse(input);
      if (parsed.success && playerId in state.counts) state.counts[playerId]! += parsed.data.add;
    },
    tick: (state, _dt, ctx) => {
      state.ticks += 1;
      for (const [id, n] of Object.entries(state.counts))
        if (n >= state.target) ctx.sendTo(id, { youWon: true });
    },
    result: (state) => {
      if (!Object.values(state.counts).some((n) => n >= state.target)) return null;
      const sorted = Object.entries(state.counts).sort(([, a], [, b]) => b - a);
      return {
        players: sorted.map(([playerId, score]) => ({
          playerId,
          score,
          rank: sorted.findIndex(([, s]) => s === score) + 1,
        })),
        summary: 'someone counted fastest',
      };
    },
    ...overrides,
  };
}
