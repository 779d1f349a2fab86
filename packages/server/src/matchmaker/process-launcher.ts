import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { GameServerSecrets } from '@parlor/protocol';
import type { Logger } from '../platform/logger.js';
import {
  type ForkedGameServer,
  forkGameServer,
  hasExited,
  sendMessage,
  stopChild,
  stopPid,
} from './child-process.js';
import type { GamePorts } from './game-ports.js';
import type { LaunchSpec, LaunchedGameServer, RunningGameServer } from './launcher.js';
import { isOurProcess, PidFiles } from './pid-files.js';
import { reachable } from './pooled-launcher.js';
import type { IdleGameServer, PrestartingLauncher } from './warm-pool.js';

export interface ProcessLauncherOptions {
  /** The game server's entry script (`@parlor/game-server/main`). */
  entry: string;
  dataDir: string;
  /** Where game servers listen, and the host name players are sent to. */
  host: string;
  publicHost: string;
  logger: Logger;
  stopGraceMs?: number;
  /** Ports to bind (PARLOR_GAME_PORT_RANGE); default: any free port. */
  ports?: GamePorts;
}

/**
 * Game servers as child processes of this node (the default launcher). Secrets go over the
 * IPC channel in one message; the environment holds only NODE_ENV. Pid files in the data
 * directory let the next start find servers a crashed node left behind.
 *
 * For the warm pool, `prestart` forks a server that waits on its IPC channel; it has no pid
 * file (it belongs to no game, so reconciliation has nothing to say about it) and gives up
 * on its own after the game server's 60 s secrets timeout if this node dies.
 */
export class ProcessLauncher implements PrestartingLauncher {
  readonly scope: string;
  private readonly children = new Map<string, ChildProcess>();
  /** Prestarted servers by pid, until `assign` or `discard`. */
  private readonly idle = new Map<string, ForkedGameServer>();
  private readonly exitListeners: ((gameId: string, detail: string) => void)[] = [];
  private readonly pids: PidFiles;
  private readonly graceMs: number;

  constructor(private readonly o: ProcessLauncherOptions) {
    const dataDir = path.resolve(o.dataDir);
    this.scope = `process:${os.hostname()}:${dataDir}`;
    this.pids = new PidFiles(path.join(dataDir, 'game-servers'));
    this.graceMs = o.stopGraceMs ?? 3_000;
  }

  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    const forked = await forkGameServer(this.o.entry, this.o.logger.child({ gameId: spec.gameId }));
    return this.handOver(forked, spec);
  }

  async prestart(): Promise<IdleGameServer> {
    const forked = await forkGameServer(this.o.entry, this.o.logger.child({ idle: true }));
    const ref = String(forked.child.pid);
    this.idle.set(ref, forked);
    forked.child.once('exit', () => {
      if (this.idle.get(ref) === forked) this.idle.delete(ref);
    });
    return { ref };
  }

  async assign(idle: IdleGameServer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    const forked = this.idle.get(idle.ref);
    this.idle.delete(idle.ref);
    if (!forked || hasExited(forked.child)) throw new Error(`idle game server ${idle.ref} is gone`);
    return this.handOver(forked, spec);
  }

  async discard(idle: IdleGameServer): Promise<void> {
    const forked = this.idle.get(idle.ref);
    this.idle.delete(idle.ref);
    if (forked) await stopChild(forked.child, this.graceMs);
  }

  /** Idle children have no pid file and end themselves when no secrets come: nothing to do. */
  async discardIdleLeftovers(): Promise<number> {
    return 0;
  }

  async stop(gameId: string, options: { graceMs?: number } = {}): Promise<void> {
    const grace = options.graceMs ?? this.graceMs;
    const child = this.children.get(gameId);
    if (child) {
      await stopChild(child, grace);
    } else {
      const record = await this.pids.read(gameId);
      if (record && isOurProcess(record.pid, record.entry)) await stopPid(record.pid, grace);
    }
    await this.pids.forget(gameId);
  }

  async list(): Promise<RunningGameServer[]> {
    return this.pids.running();
  }

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** Stops every game's server and any idle one still here (a pool discards its own first). */
  async close(): Promise<string[]> {
    const ids = [...this.children.keys()];
    const idle = [...this.idle.keys()];
    await Promise.all([...ids.map((id) => this.stop(id)), ...idle.map((ref) => this.discard({ ref }))]);
    return ids;
  }

  private async handOver(forked: ForkedGameServer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    const { child } = forked;
    forked.log = this.o.logger.child({ gameId: spec.gameId });
    this.children.set(spec.gameId, child);
    const exit = this.watchExit(spec.gameId, child, forked.log);
    let port = 0;
    try {
      if (this.o.ports) {
        const ports = this.o.ports;
        port = await ports.take();
        const taken = port;
        child.once('exit', () => ports.release(taken));
        if (hasExited(child)) ports.release(taken);
      }
      await this.pids.record({ gameId: spec.gameId, pid: child.pid!, entry: this.o.entry });
      const message: GameServerSecrets = {
        type: 'parlor.secrets',
        gameId: spec.gameId,
        gameType: spec.gameType,
        connectKey: spec.secrets.connectKey.toString('base64url'),
        reportingToken: spec.secrets.reportingToken,
        controlUrl: spec.controlUrl,
        maxPlayers: spec.maxPlayers,
        heartbeatIntervalMs: spec.heartbeatIntervalMs,
        host: this.o.host,
        port,
        ...(spec.minigame ? { minigame: spec.minigame } : {}),
      };
      await sendMessage(child, message);
    } catch (err) {
      await this.stop(spec.gameId, { graceMs: 0 });
      throw err;
    }
    exit.handedOver();
    forked.log.info({ pid: child.pid }, 'game server process started');
    return { ref: String(child.pid), publicHost: this.o.publicHost, privateHost: reachable(this.o.host) };
  }

  /**
   * Exit listeners hear of a server only once its launch has succeeded: a hand-over that fails
   * throws instead, and the warm pool then starts the same game cold, which a late "exited"
   * for the failed child would wrongly end.
   */
  private watchExit(gameId: string, child: ChildProcess, log: Logger): { handedOver(): void } {
    let delivered = false;
    let ended: string | undefined;
    const tell = (detail: string) => {
      void this.pids.forget(gameId);
      for (const listener of this.exitListeners) listener(gameId, detail);
    };
    child.once('exit', (code, signal) => {
      if (this.children.get(gameId) === child) this.children.delete(gameId);
      ended = signal ? `killed by ${signal}` : `exited with code ${code}`;
      log.info({ code, signal }, 'game server process ended');
      if (delivered) tell(ended);
    });
    return {
      handedOver() {
        delivered = true;
        if (ended !== undefined) tell(ended);
      },
    };
  }
}
