import type { GameServerLauncher, LaunchSpec, LaunchedGameServer, RunningGameServer } from '../launcher.js';
import { LABELS, gameContainerName, gameIdOf, type ContainerLimits } from './container-spec.js';
import type { DockerEngine } from './docker-engine.js';
import { ExitWatcher } from './exit-watcher.js';
import type { LauncherLog } from '../launcher-log.js';
import {
  handOverSecrets,
  secretsFor,
  waitForSecretsListener,
  type ListenerTarget,
} from './secrets-handover.js';
import { startGameContainer, type StartedContainer } from './start-container.js';
import type { GamePorts } from '../game-ports.js';
import type { IdleGameServer, PrestartingLauncher } from '../warm-pool.js';

export interface DockerLauncherOptions {
  engine: DockerEngine;
  image: string;
  /** Names this engine for reconciliation; containers are labelled with it. */
  scope: string;
  /** `host` (tests, single-host setups) or the private network shared with the control plane. */
  network: string;
  /** The host name players are sent to. */
  publicHost: string;
  /**
   * With host networking: the address game servers bind (127.0.0.1 in tests, 0.0.0.0 to serve
   * other machines). Secrets listeners bind 127.0.0.1 regardless.
   */
  hostNetworkAddress: string;
  /** Without host networking: the host address the game port is published on. */
  publishHostIp: string;
  limits: ContainerLimits;
  /** The control plane's URL as containers reach it, when it differs from the matchmaker's. */
  controlUrl?: string;
  secretsDeadlineMs: number;
  stopGraceMs: number;
  /** Keep containers running at close so the next start adopts them (the default), or stop them. */
  stopOnClose: boolean;
  /** A free port for each listener when containers share the host's network. */
  allocatePort: () => Promise<number>;
  /** PARLOR_GAME_PORT_RANGE: game ports come from it (host networking) or are published on it. */
  gamePorts?: GamePorts;
  log: LauncherLog;
}

/**
 * Game servers as Docker containers, through the Engine API (a socket proxy's address in
 * production). The container spec is built here alone (container-spec.ts); secrets go in
 * one HTTP request after start. Containers are found again by their labels and names, so
 * `list` and `stop` work on containers a previous run of the control plane started.
 */
export class DockerLauncher implements GameServerLauncher, PrestartingLauncher {
  readonly scope: string;
  private readonly exits: ExitWatcher;
  /** Range ports held by this node's games and idle containers, by game id or container ref. */
  private readonly rangePorts = new Map<string, number>();

  constructor(private readonly o: DockerLauncherOptions) {
    this.scope = o.scope;
    this.exits = new ExitWatcher(o.engine, o.log);
    this.exits.onExit((gameId) => this.releasePort(gameId));
  }

  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    const started = await startGameContainer(this.o, spec.gameId);
    this.holdPort(spec.gameId, started);
    return this.handOver(started, spec);
  }

  /** Returns once the server listens for its secrets, so that `assign` is one request. */
  async prestart(): Promise<StartedContainer> {
    const started = await startGameContainer(this.o, undefined);
    this.holdPort(started.ref, started);
    try {
      await waitForSecretsListener(this.listener(started));
    } catch (err) {
      await this.o.engine.removeContainer(started.ref).catch(() => {});
      this.releasePort(started.ref);
      throw err;
    }
    return started;
  }

  async assign(idle: IdleGameServer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    const started = idle as StartedContainer;
    this.releasePort(started.ref);
    this.holdPort(spec.gameId, started);
    try {
      // Its name now says which game it serves: `list` and `stop` find it by that.
      await this.o.engine.renameContainer(started.ref, gameContainerName(spec.gameId));
    } catch (err) {
      await this.o.engine.removeContainer(started.ref).catch(() => {});
      this.releasePort(spec.gameId);
      throw err;
    }
    return this.handOver(started, spec);
  }

  async discard(idle: IdleGameServer): Promise<void> {
    await this.o.engine.removeContainer(idle.ref);
    this.releasePort(idle.ref);
  }

  async discardIdleLeftovers(): Promise<number> {
    const idle = await this.o.engine.listContainers(this.labels({ [LABELS.pool]: 'idle' }));
    const leftovers = idle.filter((c) => gameIdOf(c.Labels, c.Names) === null);
    await Promise.all(leftovers.map((c) => this.o.engine.removeContainer(c.Id)));
    return leftovers.length;
  }

  /** The exit watcher stays on: a stop is an exit too, and onExit listeners hear of it. */
  async stop(gameId: string, options: { graceMs?: number } = {}): Promise<void> {
    const found = await this.o.engine.inspectContainer(gameContainerName(gameId));
    // Same name in another scope is another installation's container: not ours to stop.
    if (!found || found.Config.Labels?.[LABELS.scope] !== this.scope) return;
    const graceMs = options.graceMs ?? this.o.stopGraceMs;
    if (graceMs > 0 && found.State.Running) {
      await this.o.engine.stopContainer(found.Id, Math.ceil(graceMs / 1000));
    }
    await this.o.engine.removeContainer(found.Id);
    this.releasePort(gameId);
    this.o.log.info({ gameId, container: found.Id.slice(0, 12) }, 'game server container removed');
  }

  async list(): Promise<RunningGameServer[]> {
    const containers = await this.o.engine.listContainers(this.labels());
    return containers.flatMap((c) => {
      const gameId = gameIdOf(c.Labels, c.Names);
      return gameId ? [{ gameId, ref: c.Id }] : [];
    });
  }

  onExit(listener: (gameId: string, detail: string) => void): void {
    this.exits.onExit(listener);
  }

  async close(): Promise<string[]> {
    const launched = this.exits.watching();
    this.exits.forgetAll();
    if (!this.o.stopOnClose) return [];
    await Promise.all(launched.map((gameId) => this.stop(gameId)));
    return launched;
  }

  private labels(extra: Record<string, string> = {}): Record<string, string> {
    return { [LABELS.managed]: 'true', [LABELS.scope]: this.scope, ...extra };
  }

  private async handOver(started: StartedContainer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    const secrets = secretsFor(spec, started.bind, this.o.controlUrl ?? spec.controlUrl);
    try {
      await handOverSecrets({ ...this.listener(started), secrets });
    } catch (err) {
      await this.o.engine.removeContainer(started.ref).catch(() => {});
      this.releasePort(spec.gameId);
      throw err;
    }
    this.exits.watch(spec.gameId, started.ref);
    this.o.log.info(
      { gameId: spec.gameId, container: started.ref.slice(0, 12) },
      'game server container started',
    );
    return {
      ref: started.ref,
      publicHost: this.o.publicHost,
      publicPort: started.publicPort,
      privateHost: started.privateHost,
      privatePort: started.privatePort,
    };
  }

  private holdPort(key: string, started: StartedContainer): void {
    if (started.rangePort !== undefined) this.rangePorts.set(key, started.rangePort);
  }

  private releasePort(key: string): void {
    const port = this.rangePorts.get(key);
    if (port === undefined) return;
    this.rangePorts.delete(key);
    this.o.gamePorts?.release(port);
  }

  private listener(started: StartedContainer): ListenerTarget {
    return {
      host: started.secretsHost,
      port: started.secretsPort,
      deadlineMs: this.o.secretsDeadlineMs,
      stillRunning: async () => (await this.o.engine.inspectContainer(started.ref))?.State.Running ?? false,
    };
  }
}
