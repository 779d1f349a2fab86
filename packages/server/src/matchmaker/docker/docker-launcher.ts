import { randomBytes } from 'node:crypto';
import type { GameServerSecrets } from '@parlor/protocol';
import type { GameServerLauncher, LaunchSpec, LaunchedGameServer, RunningGameServer } from '../launcher.js';
import {
  LABELS,
  buildContainerSpec,
  gameContainerName,
  gameIdOf,
  idleContainerName,
  type ContainerLimits,
} from './container-spec.js';
import type { DockerEngine } from './docker-engine.js';
import { ExitWatcher } from './exit-watcher.js';
import type { LauncherLog } from './launcher-log.js';
import { handOverSecrets } from './secrets-handover.js';
import type { IdleGameServer, PrestartingLauncher } from './warm-pool.js';

export interface DockerLauncherOptions {
  engine: DockerEngine;
  image: string;
  /** Names this engine for reconciliation; containers are labelled with it. */
  scope: string;
  /** `host` (tests, single-host setups) or the private network shared with the control plane. */
  network: string;
  /** The host name players are sent to. */
  publicHost: string;
  /** With host networking: the address game servers and secrets listeners bind and are reached at. */
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
  log: LauncherLog;
}

/** Ports inside a container on its own network namespace; fixed, nothing else binds there. */
const CONTAINER_SECRETS_PORT = 7070;
const CONTAINER_GAME_PORT = 7777;

interface StartedContainer extends IdleGameServer {
  secretsHost: string;
  secretsPort: number;
  /** What the game server binds inside the container. */
  bind: { host: string; port: number };
  publicPort: number;
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

  constructor(private readonly o: DockerLauncherOptions) {
    this.scope = o.scope;
    this.exits = new ExitWatcher(o.engine, o.log);
  }

  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    const started = await this.startContainer(spec.gameId);
    return this.handOver(started, spec);
  }

  async prestart(): Promise<StartedContainer> {
    return this.startContainer(undefined);
  }

  async assign(idle: IdleGameServer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    const started = idle as StartedContainer;
    try {
      // Its name now says which game it serves: `list` and `stop` find it by that.
      await this.o.engine.renameContainer(started.ref, gameContainerName(spec.gameId));
    } catch (err) {
      await this.o.engine.removeContainer(started.ref).catch(() => {});
      throw err;
    }
    return this.handOver(started, spec);
  }

  async discard(idle: IdleGameServer): Promise<void> {
    await this.o.engine.removeContainer(idle.ref);
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

  /** Creates and starts a container; on any failure removes it again and rethrows. */
  private async startContainer(gameId: string | undefined): Promise<StartedContainer> {
    const hostNet = this.o.network === 'host';
    const addr = this.o.hostNetworkAddress;
    const secretsPort = hostNet ? await this.o.allocatePort() : CONTAINER_SECRETS_PORT;
    const gamePort = hostNet ? await this.o.allocatePort() : CONTAINER_GAME_PORT;
    const body = buildContainerSpec({
      image: this.o.image,
      scope: this.scope,
      ...(gameId ? { gameId } : {}),
      network: this.o.network,
      limits: this.o.limits,
      secrets: { host: hostNet ? addr : '0.0.0.0', port: secretsPort },
      ...(hostNet ? {} : { publish: { containerPort: CONTAINER_GAME_PORT, hostIp: this.o.publishHostIp } }),
    });
    const name = gameId ? gameContainerName(gameId) : idleContainerName(randomBytes(6).toString('hex'));
    const id = await this.o.engine.createContainer(name, body);
    try {
      await this.o.engine.startContainer(id);
      if (hostNet) {
        const bind = { host: addr, port: gamePort };
        return { ref: id, secretsHost: addr, secretsPort, bind, publicPort: gamePort };
      }
      const info = await this.o.engine.inspectContainer(id);
      const ip = info?.NetworkSettings.Networks?.[this.o.network]?.IPAddress;
      const hostPort = Number(info?.NetworkSettings.Ports?.[`${CONTAINER_GAME_PORT}/tcp`]?.[0]?.HostPort);
      if (!ip || !hostPort)
        throw new Error(`container ${id.slice(0, 12)} has no address on ${this.o.network}`);
      const bind = { host: '0.0.0.0', port: CONTAINER_GAME_PORT };
      return { ref: id, secretsHost: ip, secretsPort, bind, publicPort: hostPort };
    } catch (err) {
      await this.o.engine.removeContainer(id).catch(() => {});
      throw err;
    }
  }

  private async handOver(started: StartedContainer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    const secrets: GameServerSecrets = {
      type: 'parlor.secrets',
      gameId: spec.gameId,
      gameType: spec.gameType,
      connectKey: spec.secrets.connectKey.toString('base64url'),
      reportingToken: spec.secrets.reportingToken,
      controlUrl: this.o.controlUrl ?? spec.controlUrl,
      maxPlayers: spec.maxPlayers,
      heartbeatIntervalMs: spec.heartbeatIntervalMs,
      host: started.bind.host,
      port: started.bind.port,
    };
    try {
      await handOverSecrets({
        host: started.secretsHost,
        port: started.secretsPort,
        secrets,
        deadlineMs: this.o.secretsDeadlineMs,
        stillRunning: async () => (await this.o.engine.inspectContainer(started.ref))?.State.Running ?? false,
      });
    } catch (err) {
      await this.o.engine.removeContainer(started.ref).catch(() => {});
      throw err;
    }
    this.exits.watch(spec.gameId, started.ref);
    this.o.log.info(
      { gameId: spec.gameId, container: started.ref.slice(0, 12) },
      'game server container started',
    );
    return { ref: started.ref, publicHost: this.o.publicHost, publicPort: started.publicPort };
  }
}
