/**
 * Wakes requests waiting for a game to change (its server reported ready, or it failed).
 * Only a hint: waiters re-read the database, so a change made on another node is seen at
 * the next poll even though no signal arrives here.
 */
export class ReadySignals {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Resolves at the next notify for `gameId` or after `ms`, whichever comes first. */
  wait(gameId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(gameId) ?? new Set();
      this.waiters.set(gameId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(gameId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  notify(gameId: string): void {
    for (const done of [...(this.waiters.get(gameId) ?? [])]) done();
  }
}
