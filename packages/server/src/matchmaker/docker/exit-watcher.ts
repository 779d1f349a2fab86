/**
 * Tells the launcher's listeners when a container it launched stops: one long-polling
 * `wait` per container. If the wait breaks (a socket proxy's idle timeout, an engine
 * restart) it asks `inspect` and waits again, so a long game is not mistaken for a dead one.
 */
import type { DockerEngine } from './docker-engine.js';
import type { LauncherLog } from '../launcher-log.js';

export class ExitWatcher {
  private readonly watches = new Map<string, AbortController>();
  private readonly listeners: ((gameId: string, detail: string) => void)[] = [];

  constructor(
    private readonly engine: DockerEngine,
    private readonly log: LauncherLog,
    private readonly retryDelayMs = 1_000,
  ) {}

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.listeners.push(listener);
  }

  watching(): string[] {
    return [...this.watches.keys()];
  }

  watch(gameId: string, containerId: string): void {
    const abort = new AbortController();
    this.watches.set(gameId, abort);
    void this.follow(gameId, containerId, abort.signal);
  }

  /** Stops watching without reporting (the node is closing, the containers live on). */
  forget(gameId: string): void {
    this.watches.get(gameId)?.abort();
    this.watches.delete(gameId);
  }

  forgetAll(): void {
    for (const gameId of [...this.watches.keys()]) this.forget(gameId);
  }

  private async follow(gameId: string, containerId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const status = await this.engine.waitContainer(containerId, signal);
        return this.report(gameId, signal, `container exited with status ${status}`);
      } catch (err) {
        if (signal.aborted) return;
        const state = await this.engine.inspectContainer(containerId).catch(() => undefined);
        if (state === null) return this.report(gameId, signal, 'container is gone');
        if (state && !state.State.Running) {
          return this.report(gameId, signal, `container exited with status ${state.State.ExitCode}`);
        }
        this.log.warn({ gameId, err: String(err) }, 'waiting on a game server container failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
      }
    }
  }

  private report(gameId: string, signal: AbortSignal, detail: string): void {
    if (signal.aborted) return;
    if (this.watches.get(gameId)?.signal === signal) this.watches.delete(gameId);
    for (const listener of this.listeners) listener(gameId, detail);
  }
}
