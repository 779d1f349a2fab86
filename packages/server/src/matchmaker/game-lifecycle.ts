import type { GameStatus } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import type { Queryable } from '../storage/db.js';
import type { Actor, MatchmakerContext } from './context.js';
import { gameEndOf } from './game-end-stats.js';
import type { EndStatus } from './games-store.js';

/** What this service uses of the matchmaker's context. */
export type GameLifecycleDeps = Pick<
  MatchmakerContext,
  'audit' | 'clock' | 'db' | 'games' | 'launcher' | 'log' | 'notices' | 'seats' | 'signals' | 'stats'
>;

export interface EndOptions {
  /** Who ended it, for the audit log; the system when absent. */
  actor?: { userId: string; username: string; ip: string };
  summary?: string | null;
  from?: readonly GameStatus[];
  /** The catalogue code the game ended with, when its server reported one. */
  code?: string;
  /** Stop the server (default). False when it is known to be gone already. */
  stop?: boolean;
  /** Time the server gets to exit on its own before it is stopped (it does after `finished`). */
  delayStopMs?: number;
  /** Extra work in the same transaction as the status change (results). */
  alsoInTransaction?: (tx: Queryable) => Promise<void>;
}

/**
 * The end of a game, whichever way it comes: status and destruction of its secrets in one
 * statement, then the audit entry and the stop of its server. Only the caller whose update
 * won does the rest, so racing ends (a heartbeat timeout on two nodes) clean up once.
 */
export class GameLifecycle {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly hurries = new Set<() => void>();
  private closing = false;

  constructor(private readonly ctx: GameLifecycleDeps) {}

  async end(gameId: string, to: EndStatus, reason: string, options: EndOptions = {}): Promise<boolean> {
    const { games, db, clock, audit, signals } = this.ctx;
    const { summary, from, code } = options;
    const change = { to, reason, now: clock.now(), summary, from, code };
    const ended = options.alsoInTransaction
      ? await db.transaction(async (tx) => {
          const won = await games.end(gameId, change, tx);
          if (won) await options.alsoInTransaction!(tx);
          return won;
        })
      : await games.end(gameId, change);
    if (!ended) return false;
    signals.notify(gameId);
    await audit.record({
      actorKind: options.actor ? 'user' : 'system',
      actorId: options.actor?.userId ?? null,
      actorName: options.actor?.username ?? null,
      ip: options.actor?.ip ?? null,
      action: `game.${to}`,
      target: gameId,
      outcome: 'success',
      detail: { reason },
    });
    this.ctx.log.info({ gameId, status: to, reason }, 'game over');
    if (this.ctx.stats) await this.ctx.stats.gameEnded(await gameEndOf(this.ctx, gameId, to));
    if (this.ctx.notices) {
      const userIds = (await this.ctx.seats.list(gameId)).map((seat) => seat.userId);
      this.ctx.notices.gameEnded({ gameId, status: to, reason, userIds });
    }
    if (options.stop !== false) this.stopServer(gameId, options.delayStopMs ?? 0);
    return true;
  }

  /**
   * `DELETE /v1/games/{id}`: the host (as the game server chose), the game's creator (it counts
   * against their games) or an admin ends a game; ending an ended game is a no-op.
   */
  async endAsUser(actor: Actor, gameId: string): Promise<void> {
    const game = await this.ctx.games.get(gameId);
    const seat = game && (await this.ctx.seats.of(gameId, actor.userId));
    if (!game || (!seat && !actor.isAdmin)) throw new AppError('NOT_FOUND', 'No such game');
    const by =
      seat?.role === 'host'
        ? 'the host'
        : game.hostId === actor.userId
          ? 'its creator'
          : actor.isAdmin
            ? 'an admin'
            : null;
    if (!by) throw new AppError('FORBIDDEN', 'Only the host or the creator can end the game');
    await this.end(gameId, 'ended', `ended by ${by}`, { actor });
  }

  /** From now on, servers that exit were stopped by the node's shutdown, not lost. */
  shuttingDown(): void {
    this.closing = true;
  }

  /** The launcher saw the server exit: a live game has lost its server (or the node stops). */
  serverExited(gameId: string, detail: string): void {
    const ending = this.closing
      ? this.end(gameId, 'ended', 'the control plane shut down', { stop: false })
      : this.end(gameId, 'failed', `game server ${detail}`, { stop: false });
    this.track(
      ending.then(
        () => undefined,
        (err: unknown) => this.ctx.log.error({ err, gameId }, 'could not record the end of a game'),
      ),
    );
  }

  /**
   * Stops in the background, after `delayMs` (a stop of an already exited server is a no-op).
   * `settled()` waits for every stop and exit record under way; `hurry()` starts the delayed ones now.
   */
  stopServer(gameId: string, delayMs = 0): void {
    let hurry!: () => void;
    const delay = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      hurry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.hurries.add(hurry);
    this.track(
      delay
        .then(() => this.ctx.launcher.stop(gameId))
        .catch((err: unknown) => this.ctx.log.error({ err, gameId }, 'could not stop a game server'))
        .finally(() => this.hurries.delete(hurry)),
    );
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  hurry(): void {
    for (const hurry of [...this.hurries]) hurry();
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
