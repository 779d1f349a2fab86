import { z } from 'zod';
import { gameErrorCodes } from './game-errors.js';
import { GameOptionValue, GameResults, GameTypeMeta } from './game-meta.js';

// ---- client -> game server -------------------------------------------------

/** First frame of a new connection: the connect token from the matchmaker. */
export const HelloMessage = z.object({ type: z.literal('hello'), token: z.string().min(1).max(512) });
/** First frame of a reconnection: the resume token from the last welcome. */
export const ResumeMessage = z.object({ type: z.literal('resume'), token: z.string().min(1).max(128) });
/** Host only, before the start: pick the difficulty (and options, see meta.options), which starts the game. */
export const ConfigureMessage = z.object({
  type: z.literal('configure'),
  difficulty: z.string().min(1).max(32),
  options: z
    .record(z.string().max(32), GameOptionValue)
    .refine((o) => Object.keys(o).length <= 16, 'at most 16 options')
    .optional(),
});
/** Game input; the game validates `data` itself. */
export const InputMessage = z.object({ type: z.literal('input'), data: z.unknown() });
/** Leave for good (no grace window). */
export const LeaveMessage = z.object({ type: z.literal('leave') });
export const PingMessage = z.object({
  type: z.literal('ping'),
  id: z
    .int()
    .min(0)
    .max(2 ** 31),
});

export const FirstFrame = z.discriminatedUnion('type', [HelloMessage, ResumeMessage]);
export type FirstFrame = z.infer<typeof FirstFrame>;

export const ClientMessage = z.discriminatedUnion('type', [
  ConfigureMessage,
  InputMessage,
  LeaveMessage,
  PingMessage,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- game server -> client -------------------------------------------------

export const RoomPhase = z.enum(['waiting', 'starting', 'in_progress', 'finished']);
export type RoomPhase = z.infer<typeof RoomPhase>;

export const RoomPlayer = z.object({
  displayName: z.string(),
  connected: z.boolean(),
  /** Join order, 0 first. */
  seat: z.int().min(0),
});
export type RoomPlayer = z.infer<typeof RoomPlayer>;

/** The whole synchronised state: the lobby around the game's own state. */
export interface RoomState<G = unknown> {
  gameType: string;
  phase: RoomPhase;
  hostId: string | null;
  difficulty: string | null;
  players: Record<string, RoomPlayer>;
  game: G | null;
}
export const RoomState = z.object({
  gameType: z.string(),
  phase: RoomPhase,
  hostId: z.string().nullable(),
  difficulty: z.string().nullable(),
  players: z.record(z.string(), RoomPlayer),
  game: z.unknown(),
});

/** An immer patch against RoomState (JSON-patch-like, path as an array). */
export const StatePatch = z.object({
  op: z.enum(['add', 'remove', 'replace']),
  path: z.array(z.union([z.string(), z.number()])),
  value: z.unknown().optional(),
});
export type StatePatch = z.infer<typeof StatePatch>;

const Code = z.enum(gameErrorCodes);

export const WelcomeMessage = z.object({
  type: z.literal('welcome'),
  playerId: z.string(),
  /** Send as `resume {token}` in the first frame after a drop. Replaced at every welcome. */
  resumeToken: z.string(),
  /** How long the slot is kept after a drop. */
  graceMs: z.int().min(0),
  /** Sequence number of the last patch included in `state`. */
  seq: z.int().min(0),
  state: RoomState,
  meta: GameTypeMeta,
});
export const PatchMessage = z.object({
  type: z.literal('patch'),
  seq: z.int().min(1),
  patches: z.array(StatePatch),
});
export const HostMessage = z.object({ type: z.literal('host'), playerId: z.string() });
/** A private message from the game to this player. */
export const PrivateMessage = z.object({ type: z.literal('message'), data: z.unknown() });
/** A refusal that leaves the connection open (e.g. NOT_HOST). */
export const ErrorMessage = z.object({
  type: z.literal('error'),
  code: Code,
  message: z.string().optional(),
});
/** The server is closing this connection, and why. */
export const ByeMessage = z.object({ type: z.literal('bye'), code: Code, message: z.string().optional() });
export const EndedMessage = z.object({ type: z.literal('ended'), results: GameResults });
export const PongMessage = z.object({ type: z.literal('pong'), id: z.int() });

export const ServerMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  PatchMessage,
  HostMessage,
  PrivateMessage,
  ErrorMessage,
  ByeMessage,
  EndedMessage,
  PongMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;
export type PatchMessage = z.infer<typeof PatchMessage>;
export type ByeMessage = z.infer<typeof ByeMessage>;
export type EndedMessage = z.infer<typeof EndedMessage>;
