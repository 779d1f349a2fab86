import { z } from 'zod';
import { text } from './text.js';
import { GameErrorCode } from './errors.js';
import { GameResults, GameTypeMeta } from './game-meta.js';

/** A studio's mini-game: its rules run in its own server, which attaches to the game. */
export const GameServerMinigame = z.object({
  id: z.string().min(1).max(64),
  meta: GameTypeMeta,
  /** How long a started mini-game may send nothing (PARLOR_MINIGAME_STALL_SECONDS); default 10 s. */
  stallMs: z.int().min(1_000).max(300_000).optional(),
  /** How long a running game waits for its mini-game to re-attach (PARLOR_MINIGAME_RECONNECT_GRACE_SECONDS); 0: not at all. */
  reconnectGraceMs: z.int().min(0).max(120_000).optional(),
});
export type GameServerMinigame = z.infer<typeof GameServerMinigame>;

/**
 * The one message a launcher hands a new game server: over IPC (`process.send`) for a
 * child process, or as the JSON body of `POST /secrets` for a container or pod.
 * Never put any of it in argv, env, logs or URLs.
 */
export const GameServerSecrets = z.object({
  type: z.literal('parlor.secrets'),
  gameId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/),
  gameType: z.string().min(1).max(64),
  /** base64url (no padding) of 32 random bytes. */
  connectKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** base64url; sent back as `Authorization: Bearer <reportingToken>`. */
  reportingToken: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/),
  /** Base URL of the control plane, e.g. http://127.0.0.1:8080 (no trailing path). */
  controlUrl: z.url({ protocol: /^https?$/ }),
  maxPlayers: z.int().min(1).max(64),
  heartbeatIntervalMs: z.int().min(50).max(600_000),
  /** Address to bind the game's WebSocket listener to. */
  host: z.string().min(1).max(255),
  /** 0 picks a free port; the port actually bound is sent in the `ready` report. */
  port: z.int().min(0).max(65_535),
  /** Set for a studio's mini-game. */
  minigame: GameServerMinigame.optional(),
});
export type GameServerSecrets = z.infer<typeof GameServerSecrets>;

export const ReportKind = z.enum(['ready', 'heartbeat', 'status', 'host', 'revocations']);
export type ReportKind = z.infer<typeof ReportKind>;

/** `POST /v1/internal/games/{gameId}/{kind}` relative to controlUrl. */
export function gameReportPath(gameId: string, kind: ReportKind): string {
  return `/v1/internal/games/${encodeURIComponent(gameId)}/${kind}`;
}

export const ReadyReport = z.object({ port: z.int().min(1).max(65_535) });
export type ReadyReport = z.infer<typeof ReadyReport>;

export const HeartbeatReport = z.object({
  players: z.int().min(0),
  phase: z.enum(['waiting', 'in_progress']),
});
export type HeartbeatReport = z.infer<typeof HeartbeatReport>;

/** The longest reason a game server may give for a game's end. */
export const GAME_END_REASON_MAX = 200;

export const StatusReport = z.discriminatedUnion('status', [
  z.object({ status: z.literal('in_progress'), difficulty: text().min(1).max(32) }),
  z.object({ status: z.literal('finished'), results: GameResults }),
  /** Nobody is left in the game (or nobody ever came): it ends without results. */
  z.object({ status: z.literal('abandoned') }),
  /**
   * The game broke (its rules threw, or its mini-game failed): the code its players were closed
   * with and the plain words they were told. The words come from the game server's own fixed
   * phrases, never from a mini-game or a player, so they name nobody.
   */
  z.object({
    status: z.literal('failed'),
    code: z.enum(GameErrorCode),
    reason: text().min(1).max(GAME_END_REASON_MAX),
  }),
]);
export type StatusReport = z.infer<typeof StatusReport>;

/** The control plane's answer to `status: in_progress`; the game starts only on this. */
export const StatusAck = z.object({ ack: z.literal(true) });
export type StatusAck = z.infer<typeof StatusAck>;

/** The host changed (the game server decides: the first player to connect, then as in docs). */
export const HostReport = z.object({ playerId: z.string().min(1).max(128) });
export type HostReport = z.infer<typeof HostReport>;

/** Why a player was put out of the game by the platform: their account's sessions ended. */
export const PlayerRevocationReason = z.enum([
  'deauthenticated',
  'disabled',
  'password_changed',
  'logged_out_everywhere',
]);
export type PlayerRevocationReason = z.infer<typeof PlayerRevocationReason>;

/**
 * One player the platform revoked: their sockets close, their resume token dies, and connect
 * tokens expiring at or before `tokensExpiringBy` (unix ms: every token minted before the
 * revocation) are refused. A token minted later (the player signed in again) works.
 */
export const PlayerRevocation = z.object({
  id: z.string().min(1).max(64),
  playerId: z.string().min(1).max(128),
  reason: PlayerRevocationReason,
  tokensExpiringBy: z.int().min(0),
});
export type PlayerRevocation = z.infer<typeof PlayerRevocation>;

/**
 * `POST .../revocations`: a long poll. The game server names the revocations it has already
 * applied (recent ones are offered again, so none is lost between two polls); the answer comes
 * as soon as there is one it has not seen, or empty after a while.
 */
export const RevocationsPoll = z.object({ seen: z.array(z.string().min(1).max(64)).max(256) });
export type RevocationsPoll = z.infer<typeof RevocationsPoll>;
export const RevocationsAnswer = z.object({ revocations: z.array(PlayerRevocation).max(256) });
export type RevocationsAnswer = z.infer<typeof RevocationsAnswer>;
/** The control plane's answer to `ready` and `heartbeat`. */
export const ReportAccepted = z.object({ ok: z.literal(true) });
export type ReportAccepted = z.infer<typeof ReportAccepted>;

/**
 * A pooled game server (PARLOR_GAME_POOL_ROOMS) keeps its IPC channel open: the launcher
 * sends one GameServerSecrets per room, then these; the process answers PoolRoomEnded.
 */
export const PoolCommand = z.discriminatedUnion('type', [
  /** End this room only (its players are told the server is stopping). */
  z.object({ type: z.literal('parlor.stop-room'), gameId: GameServerSecrets.shape.gameId }),
  /** The launcher will send no more rooms: exit once the last one has ended. */
  z.object({ type: z.literal('parlor.retire') }),
]);
export type PoolCommand = z.infer<typeof PoolCommand>;

export const PoolRoomEnded = z.object({
  type: z.literal('parlor.room-ended'),
  gameId: GameServerSecrets.shape.gameId,
  detail: z.string().max(200),
});
export type PoolRoomEnded = z.infer<typeof PoolRoomEnded>;
