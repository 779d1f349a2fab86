import type { GameTicket } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import { randomSecret } from '../platform/secrets.js';
import { spendAttempt } from '../rate-limit/limiter.js';
import type { Queryable } from '../storage/db.js';
import type { Actor, MatchmakerContext } from './context.js';
import type { GameRecord } from './games-store.js';
import type { SeatRecord } from './seats-store.js';

/** What this service uses of the matchmaker's context. */
export type GameJoinsDeps = Pick<
  MatchmakerContext,
  | 'admission'
  | 'audit'
  | 'catalogue'
  | 'clock'
  | 'db'
  | 'games'
  | 'limiter'
  | 'limits'
  | 'seats'
  | 'secrets'
  | 'socketUrl'
  | 'tickets'
>;

/**
 * Friends trade the passcode for a seat and a connect token; members get fresh tokens to
 * reconnect. Every passcode attempt, good or bad, counts against a per-user and a per-address
 * limit before the passcode is even looked at (see docs/matchmaker.md for the odds).
 */
export class GameJoins {
  constructor(private readonly ctx: GameJoinsDeps) {}

  async join(actor: Actor, passcode: string): Promise<GameTicket> {
    await this.limit(`game-join:user:${actor.userId}`, this.ctx.limits.joinPerMinuteUser);
    await this.limit(`game-join:ip:${actor.ip}`, this.ctx.limits.joinPerMinuteIp);
    const lookup = this.ctx.secrets.lookupFor(passcode);
    let seated: { game: GameRecord; seat: SeatRecord; isNew: boolean };
    try {
      if (!lookup) throw new AppError('PASSCODE_INVALID');
      await this.admit(actor, lookup);
      seated = await this.ctx.db.transaction((tx) => this.seat(tx, actor, lookup));
    } catch (err) {
      if (err instanceof AppError) await this.audit(actor, null, 'failure', err.code);
      throw err;
    }
    if (seated.isNew) await this.audit(actor, seated.game.id, 'success');
    return this.ctx.tickets.issue(seated.game, seated.seat, this.ctx.socketUrl(seated.game, actor.base));
  }

  /** A fresh connect token for a member of the game: reconnection without the passcode. */
  async reconnect(actor: Actor, gameId: string): Promise<GameTicket> {
    const seat = await this.ctx.seats.of(gameId, actor.userId);
    const game = seat && (await this.ctx.games.get(gameId));
    if (!seat || !game) throw new AppError('NOT_FOUND', 'You have no seat in that game');
    return this.ctx.tickets.issue(game, seat, this.ctx.socketUrl(game, actor.base));
  }

  private async seat(tx: Queryable, actor: Actor, lookup: string) {
    const { games, seats, limits, clock } = this.ctx;
    await games.lockSlots(tx);
    const game = await games.byPasscodeHash(tx, lookup);
    if (!game) throw new AppError('PASSCODE_INVALID');
    const mine = await seats.of(game.id, actor.userId, tx);
    if (mine) return { game, seat: mine, isNew: false };
    if (game.status === 'launching') throw new AppError('GAME_NOT_READY');
    if (game.status === 'in_progress') throw new AppError('GAME_STARTED');
    if (game.status !== 'waiting') throw new AppError('PASSCODE_INVALID');
    if ((await seats.count(tx, game.id)) >= game.maxPlayers) throw new AppError('GAME_FULL');
    const usage = await games.usage(tx, actor.userId);
    if (usage.players + 1 > limits.maxPlayers)
      throw new AppError('NO_GAME_SLOT', undefined, { retryAfterSeconds: 30 });
    const seat: SeatRecord = {
      gameId: game.id,
      userId: actor.userId,
      playerId: randomSecret(12),
      displayName: actor.username,
      role: 'player',
      joinedAt: clock.now(),
      score: null,
      rank: null,
    };
    await seats.add(tx, seat);
    return { game, seat, isNew: true };
  }

  /** A studio's game seats only players its plan has room for (asked outside the seating transaction). */
  private async admit(actor: Actor, lookup: string): Promise<void> {
    if (!this.ctx.admission) return;
    const game = await this.ctx.games.byPasscodeHash(this.ctx.db, lookup);
    const studioId = game && this.ctx.catalogue.find(game.type)?.studioId;
    if (studioId) await this.ctx.admission.admit(studioId, actor.userId);
  }

  private async limit(key: string, perMinute: number): Promise<void> {
    await spendAttempt(
      this.ctx.limiter,
      key,
      { limit: perMinute, windowMs: 60_000 },
      'Too many passcode attempts; wait a minute',
    );
  }

  private audit(actor: Actor, gameId: string | null, outcome: 'success' | 'failure', reason?: string) {
    return this.ctx.audit.record({
      actorKind: 'user',
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action: 'game.join',
      target: gameId,
      outcome,
      ...(reason ? { detail: { reason } } : {}),
    });
  }
}
