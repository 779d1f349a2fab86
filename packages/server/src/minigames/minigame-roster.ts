import type { Bus, PresenceStore } from '../bus/index.js';
import type { Logger } from '../platform/logger.js';

/** "Look again": a server of some mini-game connected to or left a node. */
export const ROSTER_TOPIC = 'minigames:roster';

export interface MinigameRosterDeps {
  /** Presence of mini-game servers (not of people): keyed by mini-game id, one entry per connection. */
  presence: PresenceStore;
  bus: Bus;
  log: Logger;
  /** How often the view is read again, so a killed node's servers stop counting without a notice. */
  refreshMs: number;
}

/**
 * Which mini-games have a server connected to any node. Asked on every game request and every
 * game-type list, so it is answered from memory: a view of the presence store, read again on
 * every roster notice and on a timer. A node that dies without a word drops out of presence
 * once its heartbeat lapses, and out of this view at the next read after that.
 */
export class MinigameRoster {
  private seen = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(private readonly deps: MinigameRosterDeps) {}

  /** Subscribes to notices and reads the view once; call before serving requests. */
  async start(): Promise<void> {
    this.unsubscribe = await this.deps.bus.subscribe(ROSTER_TOPIC, () => this.refresh());
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.deps.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.unsubscribe?.();
  }

  connected(minigameId: string): boolean {
    return this.seen.has(minigameId);
  }

  /** Every node holding a live server of the mini-game, per the presence store. */
  async nodesOf(minigameId: string): Promise<string[]> {
    const entries = await this.deps.presence.where(minigameId);
    return [...new Set(entries.map((e) => e.nodeId))];
  }

  /** The connection ids of the mini-game's servers on live nodes. */
  async connectionIdsOf(minigameId: string): Promise<Set<string>> {
    return new Set((await this.deps.presence.where(minigameId)).map((e) => e.connectionId));
  }

  async joined(minigameId: string, connectionId: string): Promise<void> {
    this.seen.add(minigameId);
    await this.deps.presence.track(minigameId, connectionId);
    await this.announce();
  }

  async left(minigameId: string, connectionId: string): Promise<void> {
    await this.deps.presence.untrack(minigameId, connectionId);
    await this.announce();
  }

  private async announce(): Promise<void> {
    await this.deps.bus.publish(ROSTER_TOPIC, {}).catch((err: unknown) => {
      this.deps.log.warn({ err }, 'could not announce a mini-game roster change');
    });
  }

  private async refresh(): Promise<void> {
    try {
      this.seen = await this.deps.presence.online();
    } catch (err) {
      // The last view stays: a Redis hiccup must not make every mini-game look offline.
      this.deps.log.warn({ err }, 'could not read which mini-game servers are connected');
    }
  }
}
