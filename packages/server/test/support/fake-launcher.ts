import { randomBytes } from 'node:crypto';
import type {
  GameServerLauncher,
  LaunchSpec,
  LaunchedGameServer,
  RunningGameServer,
} from '../../src/matchmaker/launcher.js';

/**
 * A launcher that starts nothing: it records what it was asked and lets a test play the game
 * server (report with the secrets it was handed, crash it). `onLaunch` runs after `launch`
 * has returned, as a real server's reports would.
 */
export class FakeLauncher implements GameServerLauncher {
  readonly scope = `fake:${randomBytes(4).toString('hex')}`;
  readonly specs = new Map<string, LaunchSpec>();
  readonly running = new Set<string>();
  readonly stopped: string[] = [];
  launches = 0;
  failNext = false;
  onLaunch: ((spec: LaunchSpec) => void | Promise<void>) | undefined;
  private readonly exitListeners: ((gameId: string, detail: string) => void)[] = [];

  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    this.launches++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('launch refused');
    }
    // Keep a copy: the matchmaker wipes its buffer once the secrets are handed over.
    this.specs.set(spec.gameId, {
      ...spec,
      secrets: { ...spec.secrets, connectKey: Buffer.from(spec.secrets.connectKey) },
    });
    this.running.add(spec.gameId);
    setImmediate(() => void this.onLaunch?.(this.specs.get(spec.gameId)!));
    return { ref: `fake-${this.launches}`, publicHost: 'games.test' };
  }

  async stop(gameId: string): Promise<void> {
    if (this.running.delete(gameId)) this.stopped.push(gameId);
  }

  async list(): Promise<RunningGameServer[]> {
    return [...this.running].map((gameId) => ({ gameId, ref: gameId }));
  }

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.exitListeners.push(listener);
  }

  /** The server dies on its own. */
  crash(gameId: string): void {
    this.running.delete(gameId);
    for (const listener of this.exitListeners) listener(gameId, 'killed by SIGKILL');
  }

  async close(): Promise<string[]> {
    return [];
  }
}
