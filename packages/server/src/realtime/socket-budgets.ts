/**
 * Counts held per key (an address's sockets, a user's queued frames) against a cap. `take`
 * answers at once, without awaiting, so that a flood of parallel takers cannot all slip past
 * the same check.
 */
export class KeyedBudget {
  private readonly held = new Map<string, number>();

  constructor(readonly cap: number) {}

  take(key: string): boolean {
    const n = this.held.get(key) ?? 0;
    if (n >= this.cap) return false;
    this.held.set(key, n + 1);
    return true;
  }

  give(key: string): void {
    const n = this.held.get(key) ?? 0;
    if (n <= 1) this.held.delete(key);
    else this.held.set(key, n - 1);
  }

  count(key: string): number {
    return this.held.get(key) ?? 0;
  }
}

/** What one node allows each address and each user on the realtime socket. */
export interface RealtimeBudgets {
  /** Open sockets per client address, authenticated or not. */
  socketsPerAddress: KeyedBudget;
  /** Authenticated sockets per user. */
  socketsPerUser: number;
  /** Frames received and not yet handled, summed over a user's sockets. */
  queuedFramesPerUser: KeyedBudget;
}

export function realtimeBudgets(limits: {
  socketsPerAddress: number;
  socketsPerUser: number;
  queuedFramesPerUser: number;
}): RealtimeBudgets {
  return {
    socketsPerAddress: new KeyedBudget(limits.socketsPerAddress),
    socketsPerUser: limits.socketsPerUser,
    queuedFramesPerUser: new KeyedBudget(limits.queuedFramesPerUser),
  };
}
