import { z } from 'zod';
import { text } from './text.js';
import { GameTypeMeta } from './game-meta.js';

/** A client-chosen id that makes a retried `POST /v1/games` return the first answer. */
export const RequestId = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, '8-128 of A-Z a-z 0-9 _ . : -');

export const CreateGameRequest = z.strictObject({
  type: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a game type id'),
  maxPlayers: z.int().min(1).max(64).optional(),
  requestId: RequestId.optional(),
});
export type CreateGameRequest = z.infer<typeof CreateGameRequest>;

// Loose on purpose: any string is normalised and then checked by the service, so a typo
// gets PASSCODE_INVALID (and counts against the rate limit) rather than a schema hint.
export const JoinGameRequest = z.strictObject({ passcode: text().min(1).max(64) });
export type JoinGameRequest = z.infer<typeof JoinGameRequest>;

export const GameStatus = z.enum(['launching', 'waiting', 'in_progress', 'finished', 'failed', 'ended']);
export type GameStatus = z.infer<typeof GameStatus>;

/** What a player needs to open the game socket: its address and a seconds-long connect token. */
export const GameTicket = z.object({
  gameId: z.string(),
  url: z.string(),
  connectToken: z.string(),
  connectTokenExpiresAt: z.string(),
});
export type GameTicket = z.infer<typeof GameTicket>;

export const GameCreated = GameTicket.extend({ passcode: z.string() });
export type GameCreated = z.infer<typeof GameCreated>;

export const GamePlayerView = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.enum(['host', 'player']),
  joinedAt: z.string(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
});

export const GameView = z.object({
  id: z.string(),
  type: z.string(),
  status: GameStatus,
  hostId: z.string(),
  maxPlayers: z.number(),
  difficulty: z.string().nullable(),
  url: z.string().nullable(),
  /** Shown to the host only, and only while friends can still join. */
  passcode: z.string().optional(),
  playersOnline: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  summary: z.string().nullable(),
  players: z.array(GamePlayerView),
  /** The final standings by rank, with display names; empty until the game finished with results. */
  results: z.array(
    z.object({ rank: z.number(), displayName: z.string(), score: z.number(), userId: z.string() }),
  ),
});
export type GameView = z.infer<typeof GameView>;

// ---- answers ---------------------------------------------------------------

/** A kind of game; a studio's has its studio and whether a server of it is connected now. */
export const GameTypeView = GameTypeMeta.extend({
  studioId: z.string().optional(),
  connected: z.boolean().optional(),
});
export const GameTypeList = z.object({ gameTypes: z.array(GameTypeView) });
export const GameList = z.object({ games: z.array(GameView) });

export type GamePlayerView = z.infer<typeof GamePlayerView>;
export type GameTypeList = z.infer<typeof GameTypeList>;
export type GameList = z.infer<typeof GameList>;
