import { z } from 'zod';
import { text } from './text.js';

/** What the matchmaker and the lobby UI know about a kind of game. */
export const GameTypeMeta = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  name: z.string().min(1).max(80),
  minPlayers: z.int().min(1).max(64),
  maxPlayers: z.int().min(1).max(64),
  difficulties: z.array(z.string().min(1).max(32)).min(1),
  tickHz: z.int().min(1).max(120),
});
export type GameTypeMeta = z.infer<typeof GameTypeMeta>;

/** One player's line in the final results; rank 1 is best, ties share a rank. */
export const PlayerResult = z.object({
  playerId: text().min(1).max(128),
  score: z.number(),
  rank: z.int().min(1),
});
export type PlayerResult = z.infer<typeof PlayerResult>;

export const GameResults = z.object({
  players: z.array(PlayerResult),
  /** One human-readable line, e.g. "Ada wins with 42 points". */
  summary: text().max(500).optional(),
});
export type GameResults = z.infer<typeof GameResults>;
