import { z } from 'zod';
import { GameOptionValue, GameResults, GameTypeMeta } from './game-meta.js';
import { ClosingFrame, ErrorFrame, PingFrame, PongFrame } from './socket-frames.js';
import { PatchPath } from './patch-frames.js';

// ---- client -> game server -------------------------------------------------

export const HelloMessage = z
  .object({ type: z.literal('hello'), token: z.string().min(1).max(512) })
  .describe('First frame of a new connection: the connect token from the matchmaker.');
export const ResumeMessage = z
  .object({ type: z.literal('resume'), token: z.string().min(1).max(128) })
  .describe('First frame of a reconnection: the resume token from the last welcome.');
export const ConfigureMessage = z
  .object({
    type: z.literal('configure'),
    difficulty: z.string().min(1).max(32),
    options: z
      .record(z.string().max(32), GameOptionValue)
      .refine((o) => Object.keys(o).length <= 16, 'at most 16 options')
      .optional(),
  })
  .describe(
    'Host only, before the start: pick the difficulty (and options, see meta.options), which starts the game.',
  );
export const InputMessage = z
  .object({ type: z.literal('input'), data: z.unknown() })
  .describe('Game input; the game validates `data` itself.');
export const LeaveMessage = z
  .object({ type: z.literal('leave') })
  .describe('Leave for good (no grace window).');

export const FirstFrame = z.discriminatedUnion('type', [HelloMessage, ResumeMessage]);
export type FirstFrame = z.infer<typeof FirstFrame>;

export const ClientMessage = z.discriminatedUnion('type', [
  ConfigureMessage,
  InputMessage,
  LeaveMessage,
  PingFrame,
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

export const WelcomeMessage = z
  .object({
    type: z.literal('welcome'),
    playerId: z.string(),
    resumeToken: z
      .string()
      .describe('Send as `resume {token}` in the first frame after a drop. Replaced at every welcome.'),
    graceMs: z.int().min(0).describe('How long the slot is kept after a drop.'),
    seq: z.int().min(0).describe('Sequence number of the last patch frame included in `state`.'),
    paths: z.array(PatchPath).describe('The path table as of patch frame `seq`: path id i is `paths[i]`.'),
    state: RoomState,
    meta: GameTypeMeta,
  })
  .describe(
    'Full snapshot after every hello and resume. Patch frames that follow are MessagePack arrays, not maps (docs/state-encoding.md).',
  );
export const HostMessage = z
  .object({ type: z.literal('host'), playerId: z.string() })
  .describe('The host changed (also visible as `state.hostId`).');
export const PrivateMessage = z
  .object({ type: z.literal('message'), data: z.unknown() })
  .describe('A private message from the game to this player.');
export const EndedMessage = z
  .object({ type: z.literal('ended'), results: GameResults })
  .describe('The game is over; the socket then closes with 1000.');

export const ServerMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  HostMessage,
  PrivateMessage,
  ErrorFrame,
  ClosingFrame,
  EndedMessage,
  PongFrame,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
export type WelcomeMessage = z.infer<typeof WelcomeMessage>;
export type EndedMessage = z.infer<typeof EndedMessage>;
