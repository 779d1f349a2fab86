import type { Clock } from '../platform/clock.js';
import type { StatsRollupStore } from './rollup-store.js';

const DAY_MS = 86_400_000;
// A pass rolls at most this many days: enough for a year-long backlog, and bounded.
const MAX_DAYS_PER_PASS = 400;

export const startOfDay = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS);

/**
 * The housekeeping sweep's stats work: every finished UTC day is rolled up into the kept
 * tables as soon as it is over, and raw rows older than the retention are deleted once their
 * day is rolled up ("compacted"). Queries read the rollups for rolled days and raw rows for
 * the rest, so a figure reads the same before and after.
 */
export class StatsRollup {
  constructor(private readonly deps: { store: StatsRollupStore; clock: Clock; retentionDays: number }) {}

  /** Rolls up every finished day not rolled yet; returns how many days. */
  async rollUp(): Promise<number> {
    const { store, clock } = this.deps;
    const today = startOfDay(clock.nowMs());
    let { rolledUntil } = await store.state();
    if (!rolledUntil) {
      await store.startAt((await store.oldestRawDay()) ?? today);
      ({ rolledUntil } = await store.state());
    }
    let rolled = 0;
    for (let day = rolledUntil!; day < today && rolled < MAX_DAYS_PER_PASS;) {
      if (!(await store.rollDay(day))) break; // another node is rolling
      rolled++;
      day = new Date(day.getTime() + DAY_MS);
    }
    return rolled;
  }

  /** Deletes raw rows of rolled days past the retention; returns how many rows. */
  async compact(): Promise<number> {
    const { store, clock, retentionDays } = this.deps;
    const state = await store.state();
    if (!state.rolledUntil) return 0;
    const cutoff = startOfDay(clock.nowMs() - retentionDays * DAY_MS);
    const until = cutoff < state.rolledUntil ? cutoff : state.rolledUntil;
    let day = state.compactedUntil;
    if (!day) {
      const oldest = await store.oldestRawDay();
      if (!oldest || oldest >= until) return 0;
      await store.startCompactionAt(oldest);
      day = (await store.state()).compactedUntil!;
    }
    let removed = 0;
    for (let days = 0; day < until && days < MAX_DAYS_PER_PASS; days++) {
      removed += await store.compactDay(day);
      day = new Date(day.getTime() + DAY_MS);
    }
    return removed;
  }
}
