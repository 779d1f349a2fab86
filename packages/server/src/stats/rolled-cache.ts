import type { Range } from './ranges.js';
import type { RollupState } from './rollup-store.js';

const DEFAULT_ENTRIES = 64;

/**
 * Answers read from rolled-up days, kept in memory while the rollup state stays as it was.
 * Rolled days only change when the rollup moves on (rolling a day re-adds the hours of sessions
 * that began on earlier days), so an answer is keyed by the state it was read under as well as
 * by its range: once any node rolls or compacts a day, every key changes and the old answers
 * are never read again (they age out of the bounded map). Raw rows are never cached.
 */
export class RolledCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = DEFAULT_ENTRIES) {}

  get<T>(what: string, days: Range, state: RollupState, read: () => Promise<T>): Promise<T> {
    const key = [
      what,
      days.from.getTime(),
      days.to.getTime(),
      state.rolledUntil?.getTime(),
      state.compactedUntil?.getTime(),
    ].join('|');
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) {
      // Map order is insertion order: re-inserting keeps the most used at the far end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const answer = read();
    this.entries.set(key, answer);
    answer.catch(() => this.entries.delete(key));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  }
}
