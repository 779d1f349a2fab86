/**
 * A warm pool: keeps a few game servers started and waiting for their secrets, so that
 * creating a game costs one secrets hand-over instead of a container or process start.
 * Works over any launcher that can start a server before it knows its game (ProcessLauncher,
 * DockerLauncher); the composition root puts it in front of either (PARLOR_WARM_POOL_SIZE).
 */
import type { GameServerLauncher, LaunchSpec, LaunchedGameServer, RunningGameServer } from './launcher.js';
import type { LauncherLog } from './launcher-log.js';

export interface IdleGameServer {
  readonly ref: string;
}

interface Waiting {
  server: IdleGameServer;
  /** When it joined the pool, by the pool's clock; recycled after `maxIdleMs`. */
  since: number;
}

export interface PrestartingLauncher extends GameServerLauncher {
  /** Starts a server that waits for secrets; it belongs to no game yet. */
  prestart(): Promise<IdleGameServer>;
  /** Gives an idle server its game and secrets; on failure the idle server is gone. */
  assign(idle: IdleGameServer, spec: LaunchSpec): Promise<LaunchedGameServer>;
  discard(idle: IdleGameServer): Promise<void>;
  /** Removes idle servers a previous run left behind (they can never be assigned). */
  discardIdleLeftovers(): Promise<number>;
}

/** Whether a launcher can stand behind the pool (the process and Docker launchers can). */
export function canPrestart(launcher: GameServerLauncher): launcher is PrestartingLauncher {
  const l = launcher as Partial<PrestartingLauncher>;
  return (
    typeof l.prestart === 'function' && typeof l.assign === 'function' && typeof l.discard === 'function'
  );
}

export interface WarmPoolOptions {
  size: number;
  /**
   * A waiting game server gives up on its secrets after 60 s (game-server main.ts), so idle
   * servers are replaced before that.
   */
  maxIdleMs: number;
  /** Pause after a failed prestart, so a broken image does not spin. */
  retryDelayMs: number;
  now: () => number;
  log: LauncherLog;
}

export class WarmPoolLauncher implements GameServerLauncher {
  readonly scope: string;
  private readonly idle: Waiting[] = [];
  private starting = 0;
  /** Prestarts under way: close waits for them, so that none outlives the pool. */
  private readonly prestarts = new Set<Promise<void>>();
  private closed = false;
  private recycler: NodeJS.Timeout | null = null;
  private fullWaiters: (() => void)[] = [];

  constructor(
    private readonly inner: PrestartingLauncher,
    private readonly o: WarmPoolOptions,
  ) {
    this.scope = inner.scope;
  }

  /** Clears leftovers of a previous run and starts filling; call once at node start. */
  async start(): Promise<void> {
    const removed = await this.inner.discardIdleLeftovers();
    if (removed > 0) this.o.log.info({ removed }, 'removed idle game servers left from a previous run');
    this.recycler = setInterval(() => this.recycle(), Math.max(1_000, this.o.maxIdleMs / 4));
    this.recycler.unref();
    this.fill();
  }

  /** Resolves once `size` servers are idle (benchmarks and tests). */
  whenFull(): Promise<void> {
    if (this.idle.length >= this.o.size) return Promise.resolve();
    return new Promise((resolve) => this.fullWaiters.push(resolve));
  }

  get idleCount(): number {
    return this.idle.length;
  }

  /** The refs of the servers waiting now (tests and benchmarks check that games get one). */
  idleRefs(): string[] {
    return this.idle.map(({ server }) => server.ref);
  }

  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    const fresh = this.takeFresh();
    try {
      if (fresh) return await this.inner.assign(fresh, spec);
    } catch (err) {
      // The idle server died or refused; a cold start is still a game for the players.
      this.o.log.warn(
        { gameId: spec.gameId, err: String(err) },
        'warm game server failed; starting one cold',
      );
    } finally {
      // Refill after the hand-over, not during it: starting a container competes for the
      // engine and the disk with the allocation the pool exists to make fast.
      this.fill();
    }
    return this.inner.launch(spec);
  }

  stop(gameId: string, options?: { graceMs?: number }): Promise<void> {
    return this.inner.stop(gameId, options);
  }

  list(): Promise<RunningGameServer[]> {
    return this.inner.list();
  }

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.inner.onExit(listener);
  }

  async close(): Promise<string[]> {
    this.closed = true;
    if (this.recycler) clearInterval(this.recycler);
    const idle = this.idle.splice(0);
    await Promise.all([
      ...idle.map(({ server }) => this.inner.discard(server).catch(() => {})),
      ...this.prestarts,
    ]);
    return this.inner.close();
  }

  private takeFresh(): IdleGameServer | undefined {
    const now = this.o.now();
    // Oldest first: a process counts as idle once spawned, while it still loads its modules,
    // so the oldest is the one most likely ready; ones past maxIdleMs are at the front and go.
    while (this.idle.length > 0) {
      const { server, since } = this.idle.shift()!;
      if (now - since < this.o.maxIdleMs) return server;
      void this.inner.discard(server).catch(() => {});
    }
    return undefined;
  }

  private recycle(): void {
    const now = this.o.now();
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const { server, since } = this.idle[i]!;
      if (now - since < this.o.maxIdleMs) continue;
      this.idle.splice(i, 1);
      void this.inner.discard(server).catch(() => {});
    }
    this.fill();
  }

  private fill(): void {
    while (!this.closed && this.idle.length + this.starting < this.o.size) {
      this.starting++;
      const prestart: Promise<void> = this.inner.prestart().then(
        async (server) => {
          this.starting--;
          if (this.closed) return this.inner.discard(server).catch(() => {});
          this.idle.push({ server, since: this.o.now() });
          if (this.idle.length >= this.o.size) for (const resolve of this.fullWaiters.splice(0)) resolve();
        },
        (err: unknown) => {
          this.o.log.warn({ err: String(err) }, 'could not prestart a game server');
          setTimeout(() => {
            this.starting--;
            this.fill();
          }, this.o.retryDelayMs).unref();
        },
      );
      this.prestarts.add(prestart);
      void prestart.finally(() => this.prestarts.delete(prestart));
    }
  }
}
