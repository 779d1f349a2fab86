/**
 * Creates and starts one game server container: the ports it will use, its spec (from
 * container-spec.ts only), and where to reach it afterwards. With host networking every
 * container needs ports of its own; on a private network the ports inside are fixed and
 * the engine publishes the game port on a host port of its choosing.
 */
import { randomBytes } from 'node:crypto';
import {
  buildContainerSpec,
  gameContainerName,
  idleContainerName,
  type ContainerLimits,
} from './container-spec.js';
import type { DockerEngine } from './docker-engine.js';
import type { GamePorts } from '../game-ports.js';
import type { IdleGameServer } from '../warm-pool.js';

export interface StartOptions {
  engine: DockerEngine;
  image: string;
  scope: string;
  network: string;
  hostNetworkAddress: string;
  publishHostIp: string;
  limits: ContainerLimits;
  allocatePort: () => Promise<number>;
  /** PARLOR_GAME_PORT_RANGE: the game port (host networking) or the published host port. */
  gamePorts?: GamePorts;
}

/** Ports inside a container on its own network namespace; fixed, nothing else binds there. */
const CONTAINER_SECRETS_PORT = 7070;
const CONTAINER_GAME_PORT = 7777;

export interface StartedContainer extends IdleGameServer {
  secretsHost: string;
  secretsPort: number;
  /** What the game server binds inside the container. */
  bind: { host: string; port: number };
  publicPort: number;
  /** Where the control plane reaches the game port (the relay). */
  privateHost: string;
  privatePort: number;
  /** The port taken from PARLOR_GAME_PORT_RANGE, to give back when the container goes. */
  rangePort?: number;
}

/** Creates and starts a container; on any failure removes it again and rethrows. */
export async function startGameContainer(
  o: StartOptions,
  gameId: string | undefined,
): Promise<StartedContainer> {
  const hostNet = o.network === 'host';
  // On the host's network the secrets listener binds loopback only, whatever the game port
  // binds: the control plane is on the same host, and no one else should see the listener.
  const loopback = '127.0.0.1';
  const secretsPort = hostNet ? await o.allocatePort() : CONTAINER_SECRETS_PORT;
  const rangePort = await o.gamePorts?.take();
  const gamePort = hostNet ? (rangePort ?? (await o.allocatePort())) : CONTAINER_GAME_PORT;
  const release = () => rangePort !== undefined && o.gamePorts?.release(rangePort);
  const body = buildContainerSpec({
    image: o.image,
    scope: o.scope,
    ...(gameId ? { gameId } : {}),
    network: o.network,
    limits: o.limits,
    secrets: { host: hostNet ? loopback : '0.0.0.0', port: secretsPort },
    ...(hostNet
      ? {}
      : {
          publish: {
            containerPort: CONTAINER_GAME_PORT,
            hostIp: o.publishHostIp,
            ...(rangePort !== undefined ? { hostPort: rangePort } : {}),
          },
        }),
  });
  const name = gameId ? gameContainerName(gameId) : idleContainerName(randomBytes(6).toString('hex'));
  let id: string;
  try {
    id = await o.engine.createContainer(name, body);
  } catch (err) {
    release();
    throw err;
  }
  const reserved = rangePort !== undefined ? { rangePort } : {};
  try {
    await o.engine.startContainer(id);
    if (hostNet) {
      const bind = { host: o.hostNetworkAddress, port: gamePort };
      const privateHost = reachable(o.hostNetworkAddress);
      return {
        ref: id,
        secretsHost: loopback,
        secretsPort,
        bind,
        publicPort: gamePort,
        privateHost,
        privatePort: gamePort,
        ...reserved,
      };
    }
    const info = await o.engine.inspectContainer(id);
    const ip = info?.NetworkSettings.Networks?.[o.network]?.IPAddress;
    const hostPort = Number(info?.NetworkSettings.Ports?.[`${CONTAINER_GAME_PORT}/tcp`]?.[0]?.HostPort);
    if (!ip || !hostPort) throw new Error(`container ${id.slice(0, 12)} has no address on ${o.network}`);
    const bind = { host: '0.0.0.0', port: CONTAINER_GAME_PORT };
    // The relay reaches the container on the private network, as the secrets hand-over does.
    const address = { privateHost: ip, privatePort: CONTAINER_GAME_PORT };
    return { ref: id, secretsHost: ip, secretsPort, bind, publicPort: hostPort, ...address, ...reserved };
  } catch (err) {
    await o.engine.removeContainer(id).catch(() => {});
    release();
    throw err;
  }
}

/** The address to dial for a server bound to `host` (a wildcard means every local one). */
function reachable(host: string): string {
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
}
