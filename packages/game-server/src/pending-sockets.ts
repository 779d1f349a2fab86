/**
 * Sockets that have not yet proved who they are (no valid hello or resume). They get their own
 * small budget, in total and per client address, apart from the players' sockets, so strangers
 * can never crowd out a player. A new socket is always let in: when a budget is full, the one
 * that has waited longest without a first frame goes (a real client sends its hello at once),
 * taken from the address that holds the most of them.
 */
export class PendingSockets<S> {
  private readonly byAddress = new Map<string, Set<S>>();
  private readonly addressOf = new Map<S, string>();
  private readonly arrival = new Map<S, number>();
  private arrivals = 0;

  constructor(
    private readonly limits: { maxPending: number; maxPendingPerAddress: number },
    /** Called for each socket pushed out to make room; it is no longer counted. */
    private readonly evict: (socket: S) => void,
  ) {}

  get size(): number {
    return this.addressOf.size;
  }

  add(socket: S, address: string): void {
    let mine = this.byAddress.get(address);
    if (mine && mine.size >= this.limits.maxPendingPerAddress) this.evictOldest(mine);
    if (this.size >= this.limits.maxPending) this.evictOldest(this.busiest());
    mine = this.byAddress.get(address);
    if (!mine) this.byAddress.set(address, (mine = new Set()));
    mine.add(socket);
    this.addressOf.set(socket, address);
    this.arrival.set(socket, this.arrivals++);
  }

  /** The socket authenticated or closed: it no longer counts. Harmless if it was not pending. */
  remove(socket: S): void {
    const address = this.addressOf.get(socket);
    if (address === undefined) return;
    this.addressOf.delete(socket);
    this.arrival.delete(socket);
    const mine = this.byAddress.get(address);
    mine?.delete(socket);
    if (mine?.size === 0) this.byAddress.delete(address);
  }

  /** The address holding the most; among equals, the one whose oldest socket came first. */
  private busiest(): Set<S> | undefined {
    let most: Set<S> | undefined;
    let mostSince = Infinity;
    for (const set of this.byAddress.values()) {
      const since = this.arrival.get(set.values().next().value as S) ?? Infinity;
      if (!most || set.size > most.size || (set.size === most.size && since < mostSince)) {
        most = set;
        mostSince = since;
      }
    }
    return most;
  }

  private evictOldest(set: Set<S> | undefined): void {
    // A Set iterates in insertion order: the first one has waited longest.
    const oldest = set?.values().next().value;
    if (oldest === undefined) return;
    this.remove(oldest);
    this.evict(oldest);
  }
}
