import type { GameTypeMeta, MinigameAttachRequest } from '@parlor/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor as BaseActor } from '../access/principal.js';
import type { Limiter } from '../rate-limit/limiter.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Db } from '../storage/db.js';
import type { GameStats } from '../stats/stats-recorder.js';
import type { ConnectTickets } from './connect-tickets.js';
import type { GameNotices } from './game-notices.js';
import type { GameSecrets } from './game-secrets.js';
import type { GameRecord, GamesStore } from './games-store.js';
import type { GameServerLauncher } from './launcher.js';
import type { ReadySignals } from './ready-signals.js';
import type { SeatsStore } from './seats-store.js';

/** A kind of game; one with a studioId is a studio's, and its players count against the studio's plan. */
export type CatalogueEntry = GameTypeMeta & {
  studioId?: string;
  /** Set for a mini-game: whether a server of it is connected now (none: it needs none). */
  connected?: boolean;
};

/** The kinds of game that can be launched: built-in games now, registered mini-games later. */
export interface GameCatalogue {
  find(type: string): CatalogueEntry | undefined;
  list(): CatalogueEntry[];
}

/**
 * The studios' port: a player may create or join a studio's game only while its plan seats
 * them. Throws PLAN_LIMIT_REACHED otherwise; records the player for the studio either way.
 */
export interface StudioAdmission {
  admit(studioId: string, userId: string): Promise<void>;
}

export interface MatchmakerLimits {
  maxGames: number;
  maxPlayers: number;
  maxGamesPerUser: number;
  startupTimeoutMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  idleTimeoutMs: number;
  /** Handed to a mini-game's game server with its secrets. */
  minigameStallMs: number;
  minigameReconnectGraceMs: number;
  joinPerMinuteUser: number;
  joinPerMinuteIp: number;
}

/**
 * The mini-games' port: asks a connected server of a mini-game to attach to a game, and counts
 * the games of it that finished.
 */
export interface MinigameDispatch {
  /** Resolves false when no server of it, on any node, took the request. */
  attach(minigameId: string, request: MinigameAttachRequest): Promise<boolean>;
  played(minigameId: string): Promise<void>;
}

/** What the matchmaker's services share; built once in createMatchmaker. */
export interface MatchmakerContext {
  db: Db;
  games: GamesStore;
  seats: SeatsStore;
  secrets: GameSecrets;
  tickets: ConnectTickets;
  launcher: GameServerLauncher;
  catalogue: GameCatalogue;
  signals: ReadySignals;
  audit: AuditLog;
  limiter: Limiter;
  clock: Clock;
  log: Logger;
  limits: MatchmakerLimits;
  /** Tells players a game ended (over the realtime socket); none in unit tests. */
  notices?: GameNotices;
  /** The base URL game servers report to; resolved at launch because the port is known late. */
  controlUrl(): string;
  /** The address a player opens for a game: the relay on `base`, or the server's own (direct). */
  socketUrl(game: GameRecord, base: string): string;
  /** Told of games created, started and over (engagement stats); none in unit tests. */
  stats?: GameStats;
  /** Plan checks for studios' games; none: no game belongs to a studio. */
  admission?: StudioAdmission;
  /** Mini-games' servers; none: no mini-game is registered. */
  minigames?: MinigameDispatch;
}

/**
 * The one Actor (access/principal.ts), whether it may see and end every game (`all-games`), and
 * the base URL the request came through (PARLOR_PUBLIC_URL or its Host); socket URLs use it.
 */
export type Actor = BaseActor & { isAdmin: boolean; base: string };
