/** Time as a dependency, so that expiry rules can be tested on an injected clock. */
export interface Clock {
  now(): Date;
  /** The same instant in epoch milliseconds, without allocating a Date (hot paths). */
  nowMs(): number;
}

export const systemClock: Clock = { now: () => new Date(), nowMs: () => Date.now() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }
  // now() is derived from nowMs(), so a subclass that moves time overrides one method.
  now(): Date {
    return new Date(this.nowMs());
  }
  nowMs(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
