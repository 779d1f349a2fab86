import { createServer } from 'node:net';

export interface PortRange {
  from: number;
  to: number;
}

/**
 * The ports game servers take when PARLOR_GAME_PORT_RANGE is set (a firewall opened for
 * exactly those). Hands each port to one server at a time, in turn round the range, and
 * skips ports that `isFree` says something else holds. Another program may still take a
 * port between the check and the bind; that launch then fails like any failed launch.
 */
export class GamePorts {
  private readonly taken = new Set<number>();
  private next: number;

  constructor(
    private readonly range: PortRange,
    private readonly isFree: (port: number) => Promise<boolean> = async () => true,
  ) {
    this.next = range.from;
  }

  async take(): Promise<number> {
    const { from, to } = this.range;
    for (let tried = 0; tried <= to - from; tried++) {
      // Advanced before the await, so concurrent takes try different ports.
      const port = this.next;
      this.next = port >= to ? from : port + 1;
      if (this.taken.has(port)) continue;
      this.taken.add(port);
      if (await this.isFree(port)) return port;
      this.taken.delete(port);
    }
    throw new Error(`no free port left in PARLOR_GAME_PORT_RANGE ${from}-${to}`);
  }

  release(port: number): void {
    this.taken.delete(port);
  }

  /** Ports handed out and not released (for tests and metrics). */
  get inUse(): number {
    return this.taken.size;
  }
}

/** Whether `port` can be bound on `host` right now (then let go again at once). */
export function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
