import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../storage/db.js';
import { type PlanCatalogue, periodKey, periodStart } from './plans.js';
import type { PlayersStore } from './players-store.js';
import type { StudioService } from './studio-service.js';

type Position = { firstSeenAt: Date; source: string; externalId: string };

const encode = (p: Position) =>
  Buffer.from(JSON.stringify([p.firstSeenAt.toISOString(), p.source, p.externalId])).toString('base64url');

function decode(after: string): Position {
  try {
    const [at, source, externalId] = JSON.parse(
      Buffer.from(after, 'base64url').toString('utf8'),
    ) as unknown[];
    const firstSeenAt = new Date(String(at));
    if (Number.isNaN(firstSeenAt.getTime()) || typeof source !== 'string' || typeof externalId !== 'string')
      throw new Error('bad position');
    return { firstSeenAt, source, externalId };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'after is not a position this list gave out', {
      issues: [{ path: 'querystring.after', message: 'the next of an earlier page' }],
    });
  }
}

/** A studio's players, page by page in the order they were first seen. */
export class PlayerPages {
  constructor(
    private readonly deps: {
      db: Db;
      players: PlayersStore;
      plans: PlanCatalogue;
      studioService: StudioService;
      clock: Clock;
    },
  ) {}

  async page(studioId: string, q: { active?: 'true' | 'false'; limit: number; after?: string }) {
    const { db, players, plans, clock, studioService } = this.deps;
    const plan = plans.effective((await studioService.found(db, studioId)).plan);
    const now = clock.now();
    const period = periodKey(plan, now);
    const rows = await players.page(db, {
      studioId,
      period,
      since: periodStart(plan, now),
      ...(q.active ? { active: q.active === 'true' } : {}),
      ...(q.after ? { after: decode(q.after) } : {}),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      players: page.map((r) => ({
        userId: r.externalId,
        source: r.source,
        active: r.seatPeriod === period,
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
      })),
      next: rows.length > q.limit && last ? encode(last) : null,
    };
  }
}
