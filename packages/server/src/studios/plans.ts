import type { PlanPeriod } from '@parlor/protocol';

/** A plan as configured: its id, how many active players it allows (null: no cap), and how it counts them. */
export interface Plan {
  id: string;
  limit: number | null;
  period: PlanPeriod;
}

export const DEFAULT_PLANS = 'free:50,pro:1000,enterprise:unlimited';

const ENTRY = /^([a-z0-9][a-z0-9_-]{0,31}):(unlimited|[0-9]{1,9})(\/month)?$/;

/**
 * Parses PARLOR_PLANS: `id:limit` entries separated by commas, `unlimited` allowed, and
 * `id:limit/month` for a plan that counts a player once per UTC calendar month (the others
 * count every player ever seen). Throws with a reason a host can act on.
 */
export function parsePlans(text: string): Plan[] {
  const plans: Plan[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    const match = ENTRY.exec(entry);
    if (!match) throw new Error(`"${entry}" is not id:limit, id:unlimited or id:limit/month`);
    const [, id, limit, monthly] = match;
    if (plans.some((p) => p.id === id)) throw new Error(`the plan ${id} is listed twice`);
    plans.push({
      id: id!,
      limit: limit === 'unlimited' ? null : Number(limit),
      period: monthly ? 'month' : 'all-time',
    });
  }
  return plans;
}

/** The configured plans; the first is the default for new studios. */
export class PlanCatalogue {
  readonly plans: readonly Plan[];

  constructor(text: string) {
    this.plans = parsePlans(text);
  }

  get default(): Plan {
    return this.plans[0]!;
  }

  find(id: string): Plan | undefined {
    return this.plans.find((p) => p.id === id);
  }

  /** A studio's plan; one removed from the configuration since counts as the default plan. */
  effective(id: string): Plan {
    return this.find(id) ?? this.default;
  }

  /** Is `to` a larger cap than `from`? Unlimited is the largest. */
  static raises(from: Plan, to: Plan): boolean {
    if (from.limit === null) return false;
    return to.limit === null || to.limit > from.limit;
  }
}

/**
 * Which counting period `now` falls in for a plan: one key for all time, or the UTC month
 * (`2026-12`). A player holds an active seat while their seat's period is the current one.
 */
export function periodKey(plan: Plan, now: Date): string {
  if (plan.period === 'all-time') return 'all';
  return now.toISOString().slice(0, 7);
}

/** When the current period began (players seen before it do not count in a monthly plan). */
export function periodStart(plan: Plan, now: Date): Date {
  if (plan.period === 'all-time') return new Date(0);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}
