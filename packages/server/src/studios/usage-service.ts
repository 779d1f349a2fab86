import type { LoginReported, UsageView } from '@parlor/protocol';
import { type Limiter, spendAttempt } from '../rate-limit/limiter.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import { type Db, isUniqueViolation } from '../storage/db.js';
import { type PlanCatalogue, periodKey, periodStart } from './plans.js';
import type { PlayersStore } from './players-store.js';
import type { ReportRequestsStore } from './report-requests-store.js';
import type { StudioSeats } from './seats.js';
import type { StudioService } from './studio-service.js';
import { planView } from './studio-views.js';

// PostgreSQL's codes for a transaction it rolled back to break a deadlock, or to keep isolation.
const DEADLOCK = '40P01';
const SERIALIZATION_FAILURE = '40001';
const MAX_ATTEMPTS = 3;

export interface UsageDeps {
  db: Db;
  seats: StudioSeats;
  players: PlayersStore;
  requests: ReportRequestsStore;
  plans: PlanCatalogue;
  studioService: StudioService;
  limiter: Limiter;
  clock: Clock;
  reportsPerSecond: number;
}

/** The key a report came with: it reports for its own studio only. */
export interface Reporter {
  keyId: string;
  studioId?: string;
}

const DAY_MS = 86_400_000;
/** Reporters' clocks drift: a login this far ahead of ours still counts as now. */
const CLOCK_SKEW_MS = 5_000;

/** Usage reports from a studio's metrics-reporter keys, and the figures its owners see. */
export class UsageService {
  constructor(private readonly deps: UsageDeps) {}

  async report(
    reporter: Reporter,
    input: { userId: string; at?: string; studioId?: string },
    idempotencyKey?: string,
  ): Promise<LoginReported> {
    const { seats, requests, db, clock } = this.deps;
    const studioId = reporter.studioId;
    if (!studioId) throw new AppError('FORBIDDEN', 'This API key belongs to no studio');
    if (input.studioId !== undefined && input.studioId !== studioId)
      throw new AppError(
        'FORBIDDEN',
        "This key reports for its own studio only; leave out studioId or send the key's",
      );
    await this.limit(reporter.keyId);
    const now = clock.now();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS || at.getTime() < now.getTime() - DAY_MS)
      throw new AppError('VALIDATION_FAILED', 'at may not be in the future nor more than a day ago', {
        issues: [{ path: 'body.at', message: 'within the last 24 hours' }],
      });
    const requestHash = sha256(JSON.stringify([input.userId, input.at ?? null, studioId]));
    if (idempotencyKey) {
      const earlier = await requests.find(db, reporter.keyId, idempotencyKey);
      if (earlier) return this.replay(earlier, requestHash);
    }
    const answer = (r: { created: boolean; active: boolean }): LoginReported => ({
      studioId,
      userId: input.userId,
      created: r.created,
      active: r.active,
      at: at.toISOString(),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const recorded = await seats.record(
          { studioId, source: 'studio', externalId: input.userId },
          at,
          idempotencyKey
            ? (tx, r) =>
                requests.insert(
                  tx,
                  { keyId: reporter.keyId, idempotencyKey, studioId, requestHash, response: answer(r) },
                  now,
                )
            : undefined,
        );
        return answer(recorded);
      } catch (err) {
        // The same key in flight twice: the other request's answer is the one (this one changed
        // nothing). On PostgreSQL, retries of one key racing for the studio's row can deadlock;
        // the victim was rolled back, so it looks again for the winner's answer, or tries again.
        const code = (err as { code?: string }).code;
        const lostRace = isUniqueViolation(err) || code === DEADLOCK || code === SERIALIZATION_FAILURE;
        if (!idempotencyKey || !lostRace) throw err;
        const earlier = await requests.find(db, reporter.keyId, idempotencyKey);
        if (earlier) return this.replay(earlier, requestHash);
        if (attempt >= MAX_ATTEMPTS || isUniqueViolation(err)) throw err;
      }
    }
  }

  async usage(studioId: string): Promise<UsageView> {
    const { db, players, plans, clock, studioService } = this.deps;
    const studio = await studioService.found(db, studioId);
    const plan = plans.effective(studio.plan);
    const now = clock.now();
    const todayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const monthAgo = new Date(now.getTime() - 30 * DAY_MS);
    const [seats, logins, byDay] = await Promise.all([
      players.counts(db, studioId, periodKey(plan, now), periodStart(plan, now)),
      players.loginCounts(db, studioId, todayStart, monthAgo),
      players.loginsByDay(db, studioId, monthAgo),
    ]);
    return {
      studioId,
      plan: planView(plan),
      activePlayers: seats.active,
      inactivePlayers: seats.inactive,
      logins: { today: logins.today, last30Days: logins.last30, byDay },
    };
  }

  private replay(earlier: { requestHash: string; response: LoginReported }, requestHash: string) {
    if (earlier.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return earlier.response;
  }

  private async limit(keyId: string): Promise<void> {
    const perSecond = this.deps.reportsPerSecond;
    await spendAttempt(
      this.deps.limiter,
      `metrics-key:${keyId}`,
      { limit: perSecond, windowMs: 1_000 },
      `This key may report ${perSecond} logins a second`,
    );
  }
}
