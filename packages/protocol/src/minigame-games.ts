import { z } from 'zod';
import { GameStatus } from './matchmaker.js';

/** `GET /v1/studios/{id}/minigames/{minigameId}/games?limit=`: how many of the latest games. */
export const MinigameGamesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type MinigameGamesQuery = z.infer<typeof MinigameGamesQuery>;

/** How a game of a mini-game went, in one word; `running` while it is not over. */
export const MinigameGameOutcome = z.enum(['running', 'finished', 'failed', 'abandoned', 'ended']);
export type MinigameGameOutcome = z.infer<typeof MinigameGameOutcome>;

/**
 * One game of a mini-game as its studio sees it: when, how it ended and why, in the words its
 * players were told. No player is named: the studio learns how many played, not who.
 */
export const MinigameGameView = z.object({
  id: z.string(),
  status: GameStatus,
  outcome: MinigameGameOutcome,
  /** Seats taken in the game. */
  players: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Why it ended, in plain words; null while it runs. */
  reason: z.string().nullable(),
  /** The catalogue code it ended with (docs/errors.md), when its game server reported one. */
  code: z.string().nullable(),
});
export type MinigameGameView = z.infer<typeof MinigameGameView>;

/** Newest first. */
export const MinigameGamesView = z.object({ games: z.array(MinigameGameView) });
export type MinigameGamesView = z.infer<typeof MinigameGamesView>;
