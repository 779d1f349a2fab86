import type { HeartbeatReport, HostReport, ReadyReport, StatusAck, StatusReport } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import { safeEqual, sha256 } from '../platform/secrets.js';
import type { MatchmakerContext } from './context.js';
import type { GameLifecycle } from './game-lifecycle.js';
import { type GameRecord, LIVE_STATUSES } from './games-store.js';

/** What this service uses of the matchmaker's context. */
export type GameReportsDeps = Pick<
  MatchmakerContext,
  'audit' | 'catalogue' | 'clock' | 'games' | 'log' | 'minigames' | 'seats' | 'signals' | 'stats'
>;

// A finished server exits by itself; it is stopped only if it has not after this long.
const FINISHED_EXIT_GRACE_MS = 5_000;

/**
 * What game servers report, each accepted only with that game's reporting token. A game
 * that is over has no token any more, so its reports are refused (401), which makes its server stop.
 */
export class GameReports {
  constructor(
    private readonly ctx: GameReportsDeps,
    private readonly lifecycle: GameLifecycle,
  ) {}

  /**
   * One answer for every failure (no such game, a game that is over, a wrong or missing token),
   * so that without the token nothing can be learnt, not even whether a game id exists. A
   * game server whose token is refused stops (see docs/game-server.md).
   */
  async authenticate(gameId: string | undefined, token: string | undefined): Promise<GameRecord> {
    const refused = () => new AppError('UNAUTHENTICATED', 'Send this game’s reporting token');
    if (!gameId || !UUID.test(gameId) || !token) throw refused();
    // Hash first, then compare in constant time: the stored value is never compared to input.
    const presented = sha256(token);
    const game = await this.ctx.games.get(gameId);
    if (!game?.reportingTokenHash || !safeEqual(presented, game.reportingTokenHash)) throw refused();
    return game;
  }

  async ready(game: GameRecord, report: ReadyReport): Promise<{ ok: true }> {
    if (game.status !== 'launching') {
      if (game.status === 'waiting' || game.status === 'in_progress') return { ok: true };
      throw new AppError('CONFLICT', `The game is ${game.status}`);
    }
    // The launcher's answer may not be stored yet; a 503 makes the server retry shortly.
    if (!game.publicHost)
      throw new AppError('UNAVAILABLE', 'Not ready for this report yet', { retryAfterSeconds: 1 });
    const url = `ws://${hostForUrl(game.publicHost)}:${game.publicPort ?? report.port}`;
    if (await this.ctx.games.markReady(game.id, url, report.port, this.ctx.clock.now()))
      this.ctx.signals.notify(game.id);
    return { ok: true };
  }

  async heartbeat(game: GameRecord, report: HeartbeatReport): Promise<{ ok: true }> {
    if (!(await this.ctx.games.recordHeartbeat(game.id, report.players, this.ctx.clock.now()))) {
      throw new AppError('CONFLICT', 'The game has not reported ready');
    }
    return { ok: true };
  }

  /** The game server chose a new host (it decides: docs/matchmaker.md, "Who is the host"). */
  async host(game: GameRecord, report: HostReport): Promise<{ ok: true }> {
    if (!LIVE_STATUSES.includes(game.status)) throw new AppError('CONFLICT', `The game is ${game.status}`);
    if (!(await this.ctx.seats.setHost(game.id, report.playerId))) {
      throw new AppError('CONFLICT', 'No such player in this game');
    }
    this.ctx.log.info({ gameId: game.id }, 'game host changed');
    return { ok: true };
  }

  async status(game: GameRecord, report: StatusReport): Promise<StatusAck> {
    if (report.status === 'in_progress') {
      const meta = this.ctx.catalogue.find(game.type);
      if (meta && !meta.difficulties.includes(report.difficulty)) {
        throw new AppError('VALIDATION_FAILED', 'This game has no such difficulty');
      }
      const started = await this.ctx.games.markStarted(game.id, report.difficulty, this.ctx.clock.now());
      // A retried report of a start already recorded gets its ack again.
      if (!started && !(game.status === 'in_progress' && game.difficulty === report.difficulty)) {
        throw new AppError('CONFLICT', `The game is ${game.status}; it cannot start`);
      }
      if (started) {
        await this.ctx.audit.record({
          actorKind: 'gameServer',
          actorId: game.id,
          action: 'game.start',
          target: game.id,
          outcome: 'success',
          detail: { difficulty: report.difficulty },
        });
        await this.ctx.stats?.gameStarted({ gameId: game.id, type: game.type });
      }
      return { ack: true };
    }
    if (report.status === 'abandoned') {
      // Nobody is left to play: no results; the game stops counting against its host at once.
      const ended = await this.lifecycle.end(game.id, 'ended', 'abandoned', {
        from: ['waiting', 'in_progress'],
        delayStopMs: FINISHED_EXIT_GRACE_MS,
      });
      if (!ended) throw new AppError('CONFLICT', `The game is ${game.status}`);
      return { ack: true };
    }
    if (report.status === 'failed') {
      // The server says why (its players were told the same words); it exits by itself.
      const ended = await this.lifecycle.end(game.id, 'failed', report.reason, {
        code: report.code,
        delayStopMs: FINISHED_EXIT_GRACE_MS,
      });
      if (!ended) throw new AppError('CONFLICT', `The game is ${game.status}`);
      return { ack: true };
    }
    const { results } = report;
    const ended = await this.lifecycle.end(game.id, 'finished', 'finished', {
      from: ['waiting', 'in_progress'],
      summary: results.summary ?? null,
      delayStopMs: FINISHED_EXIT_GRACE_MS,
      alsoInTransaction: async (tx) => {
        await this.ctx.seats.recordResults(tx, game.id, results.players);
      },
    });
    if (!ended) throw new AppError('CONFLICT', `The game is ${game.status}`);
    if (this.ctx.catalogue.find(game.type)?.connected !== undefined)
      await this.ctx.minigames?.played(game.type);
    return { ack: true };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hostForUrl = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
