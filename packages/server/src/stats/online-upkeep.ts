import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { StatsUpkeepStore } from './upkeep-store.js';

export interface OnlineUpkeepDeps {
  store: StatsUpkeepStore;
  clock: Clock;
  log: Pick<Logger, 'warn'>;
  nodeId: string;
  sampleMs: number;
  /** The identity's idle timeout: a session unused this long is over. */
  sessionIdleMs: number;
}

/**
 * The concurrent-users sampler (every `sampleMs` on every node) and the sweep's closing of
 * sessions that expired without a logout and of sockets whose node died.
 */
export class OnlineUpkeep {
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;

  constructor(private readonly deps: OnlineUpkeepDeps) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sample(), this.deps.sampleMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
  }

  /** Takes this minute's sample (tests call it on their clock). Never throws. */
  sample(): Promise<void> {
    this.sampling ??= this.deps.store
      .sample(this.deps.clock.now(), this.freshSince(), this.deps.nodeId)
      .catch((err: unknown) => this.deps.log.warn({ err }, 'could not sample users online'))
      .finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  closeExpiredSessions(): Promise<number> {
    return this.deps.store.closeExpiredSessions(this.deps.clock.now(), this.deps.sessionIdleMs);
  }

  closeStaleSockets(): Promise<number> {
    // Three missed refreshes and a node is taken for dead.
    const stale = new Date(this.deps.clock.nowMs() - 3 * this.deps.sampleMs);
    return this.deps.store.closeStaleSockets(this.deps.clock.now(), stale, this.deps.nodeId);
  }

  usersOnline(): Promise<number> {
    return this.deps.store.usersOnline(this.freshSince());
  }

  private freshSince(): Date {
    return new Date(this.deps.clock.nowMs() - 2 * this.deps.sampleMs);
  }
}
