import type { Socket } from 'node:net';

export interface RelayLimits {
  /** Relayed sockets this node holds at once. */
  maxSockets: number;
  /** ... and per client address (a household behind one router shares one). */
  maxPerAddress: number;
}

/** One admitted relay: its sockets once piped, and the release of its place. */
export interface RelaySlot {
  attach(client: Socket, upstream: Socket): void;
  release(): void;
}

/**
 * The relay's budget and its open pipes: a place is taken before anything is dialled, given
 * back when either side closes, and every pipe is cut when the node shuts down (upgraded
 * sockets would otherwise keep the HTTP server from closing).
 */
export class RelaySockets {
  private total = 0;
  private readonly perAddress = new Map<string, number>();
  private readonly open = new Set<Socket>();

  constructor(private readonly limits: RelayLimits) {}

  get size(): number {
    return this.total;
  }

  /** A place for a relay from `address`, or null when this node or that address is at its cap. */
  admit(address: string): RelaySlot | null {
    const mine = this.perAddress.get(address) ?? 0;
    if (this.total >= this.limits.maxSockets || mine >= this.limits.maxPerAddress) return null;
    this.total++;
    this.perAddress.set(address, mine + 1);
    let released = false;
    const held: Socket[] = [];
    return {
      attach: (client, upstream) => {
        for (const s of [client, upstream]) {
          held.push(s);
          this.open.add(s);
        }
      },
      release: () => {
        if (released) return;
        released = true;
        for (const s of held) this.open.delete(s);
        this.total--;
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left > 0) this.perAddress.set(address, left);
        else this.perAddress.delete(address);
      },
    };
  }

  closeAll(): void {
    for (const socket of [...this.open]) socket.destroy();
  }
}
