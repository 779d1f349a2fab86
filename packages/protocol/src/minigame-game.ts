import { z } from 'zod';
import { GameResults } from './game-meta.js';
import { text } from './text.js';

/**
 * The game part of the mini-game protocol (docs/minigame-protocol.md). Every frame is a JSON
 * text frame. The platform's control socket says where to attach; the mini-game then opens the
 * game's socket through the platform's origin and speaks with the game server alone.
 */

/** Platform to mini-game on the control socket: a game of its type wants it. */
export const MinigameAttachRequest = z.object({
  type: z.literal('attach'),
  gameId: z.string(),
  /** Open `<the URL you connected to>` + path as a WebSocket, then send MinigameAttach. */
  path: z.string(),
  token: z.string(),
  expiresAt: z.string(),
});
export type MinigameAttachRequest = z.infer<typeof MinigameAttachRequest>;

/** The first frame on the game's socket: single use, seconds long, bound to this game and mini-game. */
export const MinigameAttach = z.strictObject({
  type: z.literal('attach'),
  token: z.string().min(1).max(512),
});

const playerId = text().min(1).max(128);

/** The small component set a mini-game describes a player's screen with; all shown as text. */
export const UiComponent = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('heading'), text: text().max(200) }),
  z.strictObject({ kind: z.literal('text'), text: text().max(2000) }),
  z.strictObject({ kind: z.literal('list'), items: z.array(text().max(200)).max(50) }),
  z.strictObject({
    kind: z.literal('choices'),
    id: text().min(1).max(64),
    options: z.array(z.strictObject({ value: text().min(1).max(64), label: text().max(200) })).max(12),
  }),
  z.strictObject({ kind: z.literal('textInput'), id: text().min(1).max(64), label: text().max(200) }),
  z.strictObject({ kind: z.literal('numberInput'), id: text().min(1).max(64), label: text().max(200) }),
  z.strictObject({ kind: z.literal('countdown'), endsInMs: z.int().min(0).max(3_600_000) }),
  z.strictObject({
    kind: z.literal('scoreboard'),
    rows: z.array(z.strictObject({ name: text().max(64), score: z.number() })).max(64),
  }),
  z.strictObject({
    kind: z.literal('grid'),
    id: text().min(1).max(64),
    rows: z.array(z.array(text().max(8)).max(32)).max(32),
  }),
]);
export type UiComponent = z.infer<typeof UiComponent>;
export const UiView = z.array(UiComponent).max(64);
export type UiView = z.infer<typeof UiView>;

/**
 * What the web client sends as the player's game input when a component is used: the
 * component's `id` and the chosen value (a choice's value, the text or number typed, or the grid
 * cell as `{row, col}`). A mini-game still validates it: any client may send anything.
 */
export const UiInput = z.strictObject({
  id: text().min(1).max(64),
  value: z.union([
    text().max(500),
    z.number(),
    z.strictObject({ row: z.int().min(0).max(31), col: z.int().min(0).max(31) }),
  ]),
});
export type UiInput = z.infer<typeof UiInput>;

/** The payload of a game-server `message` frame that carries this player's private view. */
export const UiViewMessage = z.strictObject({ kind: z.literal('view'), view: UiView });

const JsonPath = z
  .array(z.union([text().min(1).max(64), z.int().min(0).max(10_000)]))
  .min(1)
  .max(16);

/** Mini-game to game server. */
export const MinigameGameMessage = z.discriminatedUnion('type', [
  /** The whole public state: every player sees it. */
  z.strictObject({ type: z.literal('state'), state: z.unknown() }),
  /** Changes to the public state: `value` set at `path`, or the key removed when `value` is absent. */
  z.strictObject({
    type: z.literal('patch'),
    ops: z
      .array(z.strictObject({ path: JsonPath, value: z.unknown().optional() }))
      .min(1)
      .max(100),
  }),
  /** One player's private screen; no other player ever receives it. */
  z.strictObject({ type: z.literal('view'), playerId, view: UiView }),
  /** A message to one player, or to everyone ('*'). */
  z.strictObject({ type: z.literal('message'), to: playerId, data: z.unknown() }),
  /** Asks for `{type: 'timer', id}` after `ms`; the same id again moves the timer. */
  z.strictObject({ type: z.literal('timer'), id: text().min(1).max(64), ms: z.int().min(1).max(600_000) }),
  /** The game is over: only this game's players, each once. */
  z.strictObject({ type: z.literal('results'), results: GameResults }),
]);
export type MinigameGameMessage = z.infer<typeof MinigameGameMessage>;

/** Game server to mini-game. */
export type MinigameGameEvent =
  | { type: 'attached'; gameId: string; protocolVersion: number }
  | {
      type: 'start';
      difficulty: string;
      options: Record<string, unknown>;
      players: { playerId: string; displayName: string }[];
    }
  | { type: 'left'; playerId: string }
  | { type: 'input'; playerId: string; input: unknown }
  | { type: 'timer'; id: string }
  /** Re-attached within the grace: the game went on; these players are in it now. */
  | { type: 'resumed'; players: { playerId: string; displayName: string }[] }
  | { type: 'closing'; code: string; message: string };

/**
 * Mini-game to platform on the control socket, after `welcome`: its socket to a running game
 * dropped, and it asks for a fresh attach token. Answered with an `attach` frame when the game
 * is still running and of this mini-game; otherwise not at all.
 */
export const MinigameReattach = z.strictObject({
  type: z.literal('reattach'),
  gameId: z.string().min(1).max(128),
});
export type MinigameReattach = z.infer<typeof MinigameReattach>;

/**
 * The payload of a game-server `message` frame telling players about the mini-game's server:
 * `reconnecting` while it is away within its grace, `resumed` once it is back.
 */
export const MinigameNotice = z.strictObject({
  kind: z.literal('notice'),
  notice: z.enum(['reconnecting', 'resumed']),
  text: z.string(),
});
export type MinigameNotice = z.infer<typeof MinigameNotice>;
