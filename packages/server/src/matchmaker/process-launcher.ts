import { type ChildProcess, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { GameServerSecrets } from '@parlor/protocol';
import type { Logger } from '../platform/logger.js';
import type { GameServerLauncher, LaunchSpec, LaunchedGameServer, RunningGameServer } from './launcher.js';
import { isOurProcess, PidFiles } from './pid-files.js';

export interface ProcessLauncherOptions {
  /** The game server's entry script (`@parlor/game-server/main`). */
  entry: string;
  dataDir: string;
  /** Where game servers listen, and the host name players are sent to. */
  host: string;
  publicHost: string;
  logger: Logger;
  stopGraceMs?: number;
}

/**
 * Game servers as child processes of this node (the default launcher). Secrets go over the
 * IPC channel in one message; the environment holds only NODE_ENV. Pid files in the data
 * directory let the next start find servers a crashed node left behind.
 */
export class ProcessLauncher implements GameServerLauncher {
  readonly scope: string;
  private readonly children = new Map<string, ChildProcess>();
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
    const child = fork(this.o.entry, [], {
      env: { NODE_ENV: process.env.NODE_ENV ?? 'production' },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const log = this.o.logger.child({ gameId: spec.gameId });
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      this.children.set(spec.gameId, child);
      this.watch(spec.gameId, child, log);
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
        port: 0,
      };
      await new Promise<void>((resolve, reject) =>
        child.send(message, (err) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      child.kill('SIGKILL');
      await this.stop(spec.gameId, { graceMs: 0 });
      throw err;
    }
    log.info({ pid: child.pid }, 'game server process started');
    return { ref: String(child.pid), publicHost: this.o.publicHost };
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
    const running: RunningGameServer[] = [];
    for (const record of await this.pids.all()) {
      if (isOurProcess(record.pid, record.entry))
        running.push({ gameId: record.gameId, ref: String(record.pid) });
      else await this.pids.forget(record.gameId);
    }
    return running;
  }

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.exitListeners.push(listener);
  }

  async close(): Promise<string[]> {
    const ids = [...this.children.keys()];
    await Promise.all(ids.map((id) => this.stop(id)));
    return ids;
  }

  private watch(gameId: string, child: ChildProcess, log: Logger): void {
    // The game server logs JSON lines on stderr; they join ours, tagged with the game.
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        const level = /"level":"(error|fatal)"/.test(line) ? 'warn' : 'debug';
        log[level]({ line: line.slice(0, 2_000) }, 'game server output');
      });
    }
    child.once('exit', (code, signal) => {
      this.children.delete(gameId);
      void this.pids.forget(gameId);
      const detail = signal ? `killed by ${signal}` : `exited with code ${code}`;
      log.info({ code, signal }, 'game server process ended');
      for (const listener of this.exitListeners) listener(gameId, detail);
    });
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops a process that is not our child (left by a previous run): no exit event, so poll. */
async function stopPid(pid: number, graceMs: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive()) signal('SIGKILL');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
}
