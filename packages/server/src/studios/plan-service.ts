import type { StudioView } from '@parlor/protocol';
import { actorOf, type Caller } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../storage/db.js';
import { PlanCatalogue, periodKey, periodStart } from './plans.js';
import type { PlayersStore } from './players-store.js';
import type { StudioService } from './studio-service.js';
import type { StudiosStore } from './studios-store.js';

export interface PlanDeps {
  db: Db;
  studios: StudiosStore;
  players: PlayersStore;
  plans: PlanCatalogue;
  studioService: StudioService;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Changing a studio's plan. An upgrade seats inactive players at once, oldest first, up to
 * the new limit; a downgrade never takes a seat from a player who holds one (the studio is
 * over its limit until players leave the count, e.g. at the next month on a monthly plan).
 */
export class PlanService {
  constructor(private readonly deps: PlanDeps) {}

  async change(
    caller: Caller,
    studioId: string,
    planId: string,
  ): Promise<StudioView & { activated: number }> {
    const { db, studios, players, plans, clock, studioService } = this.deps;
    const to = plans.find(planId);
    if (!to)
      throw new AppError('VALIDATION_FAILED', `There is no plan ${planId}`, {
        issues: [{ path: 'body.plan', message: `one of ${plans.plans.map((p) => p.id).join(', ')}` }],
      });
    const now = clock.now();
    const outcome = await db.transaction(async (tx) => {
      const studio = await studioService.found(tx, studioId, true);
      const from = plans.effective(studio.plan);
      const [fromPeriod, toPeriod] = [periodKey(from, now), periodKey(to, now)];
      // A plan that counts differently (all-time, monthly) keeps who is active now.
      if (fromPeriod !== toPeriod) await players.moveSeats(tx, studioId, fromPeriod, toPeriod);
      if (studio.plan !== to.id) await studios.setPlan(tx, studioId, to.id, now);
      const activated = await players.fillSeats(tx, studioId, toPeriod, to.limit, periodStart(to, now));
      return { from, activated };
    });
    await this.deps.audit.recordUserAction(actorOf(caller), 'studio.plan.change', studioId, 'success', {
      from: outcome.from.id,
      to: to.id,
      direction: PlanCatalogue.raises(outcome.from, to) ? 'upgrade' : 'downgrade or same',
      activated: outcome.activated,
    });
    return { ...(await studioService.get(studioId)), activated: outcome.activated };
  }
}
