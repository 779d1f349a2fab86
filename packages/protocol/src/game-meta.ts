import { z } from 'zod';
import { text } from './text.js';

/** A value of a game option: a number (1, 3, 5 minutes) or a short word. */
export const GameOptionValue = z.union([z.number(), z.string().min(1).max(32)]);
export type GameOptionValue = z.infer<typeof GameOptionValue>;

/**
 * A setting the host chooses with the difficulty (`configure {difficulty, options}`), from a
 * fixed list, so a client can offer exactly those choices.
 */
export const GameOption = z.object({
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/),
  name: z.string().min(1).max(80),
  choices: z.array(GameOptionValue).min(1).max(32),
  default: GameOptionValue,
  /** What a number counts, for display ("minutes"). */
  unit: z.string().max(32).optional(),
});
export type GameOption = z.infer<typeof GameOption>;

/** What the matchmaker and the lobby UI know about a kind of game. */
export const GameTypeMeta = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  name: z.string().min(1).max(80),
  minPlayers: z.int().min(1).max(64),
  maxPlayers: z.int().min(1).max(64),
  difficulties: z.array(z.string().min(1).max(32)).min(1),
  tickHz: z.int().min(1).max(120),
  /** Options beside the difficulty; none when absent. */
  options: z.array(GameOption).max(16).optional(),
  /**
   * A mini-game with its own sandboxed front end: that document's version (its SHA-256, hex),
   * served at `/v1/minigames/{id}/frontend` (docs/minigame-frontend.md). Absent when it has none.
   */
  frontend: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type GameTypeMeta = z.infer<typeof GameTypeMeta>;

/** One player's line in the final results; rank 1 is best, ties share a rank. */
export const PlayerResult = z.object({
  playerId: text().min(1).max(128),
  /** Filled in by the game server from the player's connect token (a game cannot set it). */
  displayName: text().max(64).optional(),
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
