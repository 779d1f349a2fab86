import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Db, Queryable } from '../storage/db.js';
import { type PlanCatalogue, periodKey } from './plans.js';
import type { PlayerRef, PlayersStore } from './players-store.js';
import type { StudiosStore } from './studios-store.js';

/** PostgreSQL's SQLSTATE for foreign_key_violation, the same from both drivers. */
const FOREIGN_KEY_VIOLATION = '23503';

export interface SeatDeps {
  db: Db;
  studios: StudiosStore;
  players: PlayersStore;
  plans: PlanCatalogue;
  clock: Clock;
}

export interface Recorded {
  created: boolean;
  active: boolean;
}

/**
 * Records a player's login for a studio and decides their seat: a player new to the studio
 * (or new this month, on a monthly plan) gets one while the plan has room, else stays
 * inactive. A player already seated takes no lock; everyone else queues on the studio's row
 * lock, so the limit holds however many reports arrive at once, on either database.
 */
export class StudioSeats {
  constructor(private readonly deps: SeatDeps) {}

  /**
   * `within` runs in the same transaction once the outcome is known (the idempotency record),
   * so the login and its recorded answer are written together or not at all.
   */
  async record(
    ref: PlayerRef,
    at: Date,
    within?: (tx: Queryable, result: Recorded) => Promise<void>,
  ): Promise<Recorded> {
    try {
      return await this.recordOnce(ref, at, within);
    } catch (err) {
      // The studio was deleted between the lookup and the write.
      if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION)
        throw new AppError('NOT_FOUND', 'No such studio');
      throw err;
    }
  }

  private async recordOnce(
    ref: PlayerRef,
    at: Date,
    within?: (tx: Queryable, result: Recorded) => Promise<void>,
  ): Promise<Recorded> {
    const { db, studios, players, plans, clock } = this.deps;
    const now = clock.now();
    const seen = await players.lookup(db, ref);
    if (!seen) throw new AppError('NOT_FOUND', 'No such studio');
    const seated = seen.known && seen.seatPeriod === periodKey(plans.effective(seen.plan), now);
    if (seated && !within) {
      await players.touchAndLog(db, ref, at);
      return { created: false, active: true };
    }
    return db.transaction(async (tx) => {
      if (seated) {
        await players.touchAndLog(tx, ref, at);
        const result = { created: false, active: true };
        await within?.(tx, result);
        return result;
      }
      const studio = await studios.lock(tx, ref.studioId);
      if (!studio) throw new AppError('NOT_FOUND', 'No such studio');
      const plan = plans.effective(studio.plan);
      const period = periodKey(plan, now);
      const { created, active } = await players.recordAndSeat(tx, ref, at, period, plan.limit);
      const result = { created, active };
      await within?.(tx, result);
      return result;
    });
  }
}
