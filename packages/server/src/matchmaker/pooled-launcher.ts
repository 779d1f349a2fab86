import path from 'node:path';
import { PoolRoomEnded } from '@parlor/protocol';
import type { Logger } from '../platform/logger.js';
import {
  type ForkedGameServer,
  forkGameServer,
  hasExited,
  sendMessage,
  stopChild,
  stopPid,
} from './child-process.js';
import { secretsFor } from './docker/secrets-handover.js';
import type { GameServerLauncher, LaunchSpec, LaunchedGameServer, RunningGameServer } from './launcher.js';
import { isOurProcess, PidFiles } from './pid-files.js';
import type { ProcessLauncher } from './process-launcher.js';

export interface PooledLauncherOptions {
  /** The pooled game server's entry script (`@parlor/game-server/pool-main`). */
  entry: string;
  dataDir: string;
  host: string;
  publicHost: string;
  roomsPerProcess: number;
  logger: Logger;
  /** Mini-games (and anything else not pooled) still get a process of their own from here. */
  single: ProcessLauncher;
  stopGraceMs?: number;
}

interface PoolProcess {
  forked: ForkedGameServer;
  /** Rooms sent to it and not yet ended, whether or not their launch has returned. */
  rooms: Set<string>;
  /** No more rooms go to it; it exits once its last room has ended. */
  retired: boolean;
}

/**
 * Built-in games several to a process (PARLOR_GAME_POOL_ROOMS, opt-in): each room gets its own
 * secrets message, so its own keys and checks, but shares the process's memory and event loop
 * (docs/matchmaker.md, "Pooled game servers"). A process is forked when no live one has a
 * free slot and is retired when its last room ends, so an assignment never races an exit.
 * Same scope as the process launcher: switching modes still reconciles the same games.
 */
export class PooledProcessLauncher implements GameServerLauncher {
  readonly scope: string;
  private readonly processes = new Set<PoolProcess>();
  private readonly roomEndWaiters = new Map<string, (() => void)[]>();
  private readonly exitListeners: ((gameId: string, detail: string) => void)[] = [];
  private readonly pids: PidFiles;
  private readonly graceMs: number;
  private forking: Promise<PoolProcess> | null = null;

  constructor(private readonly o: PooledLauncherOptions) {
    this.scope = o.single.scope;
    this.pids = new PidFiles(path.join(path.resolve(o.dataDir), 'game-server-pools'));
    this.graceMs = o.stopGraceMs ?? 3_000;
  }

  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    if (spec.minigame) return this.o.single.launch(spec);
    const pooled = await this.reserveSlot(spec.gameId);
    const pid = pooled.forked.child.pid!;
    try {
      await this.pids.record({ gameId: spec.gameId, pid, entry: this.o.entry });
      await sendMessage(
        pooled.forked.child,
        secretsFor(spec, { host: this.o.host, port: 0 }, spec.controlUrl),
      );
    } catch (err) {
      await this.stop(spec.gameId, { graceMs: 0 });
      throw err;
    }
    this.o.logger.info(
      { gameId: spec.gameId, pid, rooms: pooled.rooms.size },
      'game room started in a pooled server',
    );
    return { ref: String(pid), publicHost: this.o.publicHost, privateHost: reachable(this.o.host) };
  }

  async stop(gameId: string, options: { graceMs?: number } = {}): Promise<void> {
    const grace = options.graceMs ?? this.graceMs;
    const pooled = this.processOf(gameId);
    if (pooled) {
      const ended = new Promise<void>((resolve) => this.waitForRoomEnd(gameId, resolve));
      const message = { type: 'parlor.stop-room', gameId } as const;
      await sendMessage(pooled.forked.child, message).catch(() => {});
      // A room that cannot stop means a stuck event loop: only then does the whole process go.
      const stuck = setTimeout(() => void stopChild(pooled.forked.child, 0), grace + 5_000);
      await ended;
      clearTimeout(stuck);
    } else {
      const record = await this.pids.read(gameId);
      // Left by an earlier run, without an IPC channel: the room can only go with its process.
      if (record && isOurProcess(record.pid, record.entry)) await stopPid(record.pid, grace);
      else if (!record) await this.o.single.stop(gameId, options);
    }
    await this.pids.forget(gameId);
  }

  async list(): Promise<RunningGameServer[]> {
    return [...(await this.o.single.list()), ...(await this.pids.running())];
  }

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.exitListeners.push(listener);
    this.o.single.onExit(listener);
  }

  async close(): Promise<string[]> {
    const ids = [...this.processes].flatMap((p) => [...p.rooms]);
    const exits = [...this.processes].map((p) => new Promise((r) => p.forked.child.once('exit', r)));
    await Promise.all(ids.map((id) => this.stop(id)));
    await Promise.all(exits);
    return [...ids, ...(await this.o.single.close())];
  }

  /**
   * A slot in a live process, taken at once: launches made together wait for the one fork in
   * flight instead of each forking a process of its own.
   */
  private async reserveSlot(gameId: string): Promise<PoolProcess> {
    // A few rounds: others may fill the fresh process first, or it may die before taking a room.
    for (let round = 0; round < 5; round++) {
      const free = this.withFreeSlot();
      if (free) {
        free.rooms.add(gameId);
        return free;
      }
      this.forking ??= this.fork().finally(() => (this.forking = null));
      await this.forking;
    }
    throw new Error('no pooled game server took the room');
  }

  private withFreeSlot(): PoolProcess | undefined {
    for (const p of this.processes) {
      if (!p.retired && !hasExited(p.forked.child) && p.rooms.size < this.o.roomsPerProcess) return p;
    }
    return undefined;
  }

  private processOf(gameId: string): PoolProcess | undefined {
    for (const p of this.processes) if (p.rooms.has(gameId) && !hasExited(p.forked.child)) return p;
    return undefined;
  }

  private async fork(): Promise<PoolProcess> {
    const forked = await forkGameServer(this.o.entry, this.o.logger.child({ pooled: true }));
    const pooled: PoolProcess = { forked, rooms: new Set(), retired: false };
    this.processes.add(pooled);
    forked.child.on('message', (message) => {
      const ended = PoolRoomEnded.safeParse(message);
      if (ended.success && pooled.rooms.has(ended.data.gameId))
        this.roomEnded(pooled, ended.data.gameId, ended.data.detail);
    });
    forked.child.once('exit', (code, signal) => {
      this.processes.delete(pooled);
      const detail = signal ? `pooled server killed by ${signal}` : `pooled server exited with code ${code}`;
      for (const gameId of [...pooled.rooms]) this.roomEnded(pooled, gameId, detail);
    });
    return pooled;
  }

  private roomEnded(pooled: PoolProcess, gameId: string, detail: string): void {
    pooled.rooms.delete(gameId);
    void this.pids.forget(gameId);
    for (const listener of this.exitListeners) listener(gameId, detail);
    for (const resolve of this.roomEndWaiters.get(gameId) ?? []) resolve();
    this.roomEndWaiters.delete(gameId);
    if (pooled.rooms.size === 0 && !hasExited(pooled.forked.child)) {
      pooled.retired = true;
      void sendMessage(pooled.forked.child, { type: 'parlor.retire' }).catch(() => {});
    }
  }

  private waitForRoomEnd(gameId: string, resolve: () => void): void {
    this.roomEndWaiters.set(gameId, [...(this.roomEndWaiters.get(gameId) ?? []), resolve]);
  }
}

/** The address this node dials to reach a server bound to `host` (a wildcard means every local one). */
export function reachable(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}
