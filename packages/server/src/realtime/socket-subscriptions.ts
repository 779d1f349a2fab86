import type { SocketPeer, Subscription } from './socket-peer.js';

/** Told when a socket starts or stops showing users' presence (the registry's watch index). */
export interface WatchIndex {
  watch(peer: SocketPeer, userIds: readonly string[]): void;
  unwatch(peer: SocketPeer, userIds: readonly string[]): void;
}

/**
 * The channels one socket follows, by channel name. The map is made on the first follow: most
 * idle sockets follow nothing, and an empty Map with its table costs each of them about 0.2 KiB.
 * Every change is reported to the watch index, so finding who watches a user does not scan every
 * socket of the node.
 */
export class SocketSubscriptions {
  private map: Map<string, Subscription> | undefined;

  constructor(
    private readonly peer: SocketPeer,
    private readonly index: WatchIndex,
  ) {}

  get size(): number {
    return this.map?.size ?? 0;
  }

  get(channel: string): Subscription | undefined {
    return this.map?.get(channel);
  }

  set(channel: string, sub: Subscription): this {
    this.delete(channel);
    (this.map ??= new Map()).set(channel, sub);
    if (sub.watches.length > 0) this.index.watch(this.peer, sub.watches);
    return this;
  }

  delete(channel: string): boolean {
    const sub = this.map?.get(channel);
    if (!sub) return false;
    this.map!.delete(channel);
    if (sub.watches.length > 0) this.index.unwatch(this.peer, sub.watches);
    if (this.map!.size === 0) this.map = undefined;
    return true;
  }

  values(): IterableIterator<Subscription> {
    return (this.map ?? NO_SUBSCRIPTIONS).values();
  }

  clear(): void {
    for (const channel of [...(this.map?.keys() ?? [])]) this.delete(channel);
  }
}

// Never written: what `values()` iterates before the first follow.
const NO_SUBSCRIPTIONS: ReadonlyMap<string, Subscription> = new Map();
