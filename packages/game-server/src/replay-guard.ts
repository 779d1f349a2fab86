import type { Clock } from './clock.js';

/**
 * Remembers the nonce of every connect token accepted until that token expires, so a
 * token works once, whichever connection presents it. Only authenticated tokens reach
 * it, and they live seconds, so it stays small.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** True the first time a nonce is seen (and records it), false on a replay. */
  claim(nonce: string, expiresAt: number): boolean {
    this.sweep();
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(): void {
    const now = this.clock.nowMs();
    for (const [nonce, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(nonce);
  }
}
