/**
 * Builds the Docker launcher from plain settings, for the composition root (which puts the
 * warm pool in front of it when PARLOR_WARM_POOL_SIZE is set: compose-launcher.ts). `dockerSettingsFromEnv` reads the PARLOR_DOCKER_* variables documented
 * in docs/docker-launcher.md; a config module may instead fill the object itself.
 */
import { z } from 'zod';
import { DockerEngine, parseDockerHost } from './docker-engine.js';
import { DockerLauncher } from './docker-launcher.js';
import { freeLoopbackPort } from './free-port.js';
import { canListen, GamePorts, type PortRange } from '../game-ports.js';
import type { LauncherLog } from '../launcher-log.js';

export const DockerLauncherSettings = z.object({
  /** unix:///var/run/docker.sock, or the socket proxy: tcp://docker-socket-proxy:2375. */
  host: z.string().min(1).default('unix:///var/run/docker.sock'),
  apiVersion: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
  image: z.string().min(1).default('parlor/game-server:0.1.0'),
  network: z.string().min(1).default('parlor-games'),
  publicHost: z.string().min(1).default('127.0.0.1'),
  hostNetworkAddress: z.string().min(1).default('127.0.0.1'),
  publishHostIp: z.string().min(1).default('0.0.0.0'),
  controlUrl: z.url().optional(),
  scope: z.string().min(1).optional(),
  memoryMb: z.coerce.number().int().min(32).default(256),
  cpus: z.coerce.number().positive().max(64).default(1),
  pidsLimit: z.coerce.number().int().min(16).default(128),
  secretsDeadlineMs: z.coerce.number().int().positive().default(10_000),
  stopGraceMs: z.coerce.number().int().nonnegative().default(3_000),
  stopOnClose: z.stringbool().or(z.boolean()).default(false),
});
export type DockerLauncherSettings = z.input<typeof DockerLauncherSettings>;

const ENV_NAMES: Record<keyof DockerLauncherSettings, string> = {
  host: 'PARLOR_DOCKER_HOST',
  apiVersion: 'PARLOR_DOCKER_API_VERSION',
  image: 'PARLOR_DOCKER_IMAGE',
  network: 'PARLOR_DOCKER_NETWORK',
  publicHost: 'PARLOR_DOCKER_PUBLIC_HOST',
  hostNetworkAddress: 'PARLOR_DOCKER_HOST_NETWORK_ADDRESS',
  publishHostIp: 'PARLOR_DOCKER_PUBLISH_IP',
  controlUrl: 'PARLOR_DOCKER_CONTROL_URL',
  scope: 'PARLOR_DOCKER_SCOPE',
  memoryMb: 'PARLOR_DOCKER_MEMORY_MB',
  cpus: 'PARLOR_DOCKER_CPUS',
  pidsLimit: 'PARLOR_DOCKER_PIDS_LIMIT',
  secretsDeadlineMs: 'PARLOR_DOCKER_SECRETS_DEADLINE_MS',
  stopGraceMs: 'PARLOR_DOCKER_STOP_GRACE_MS',
  stopOnClose: 'PARLOR_DOCKER_STOP_ON_CLOSE',
};

/** The settings named by the PARLOR_DOCKER_* variables that are set; unset ones take defaults. */
export function dockerSettingsFromEnv(env: Record<string, string | undefined>): DockerLauncherSettings {
  const settings: Record<string, string> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') settings[key] = value;
  }
  return settings as DockerLauncherSettings;
}

export interface DockerLauncherDeps {
  log: LauncherLog;
  /** PARLOR_GAME_PORT_RANGE, when set. */
  portRange?: PortRange;
}

/**
 * Checks that the image is there (it is never pulled: `npm run docker:image` builds it),
 * then returns the launcher.
 */
export async function dockerLauncherFromConfig(
  input: DockerLauncherSettings,
  deps: DockerLauncherDeps,
): Promise<DockerLauncher> {
  const s = DockerLauncherSettings.parse(input);
  const engine = new DockerEngine(parseDockerHost(s.host), s.apiVersion ? { apiVersion: s.apiVersion } : {});
  if (!(await engine.inspectImage(s.image))) {
    throw new Error(`Docker image ${s.image} not found on ${s.host}: build it with npm run docker:image`);
  }
  return new DockerLauncher({
    engine,
    image: s.image,
    scope: s.scope ?? `docker:${s.host}`,
    network: s.network,
    publicHost: s.publicHost,
    hostNetworkAddress: s.hostNetworkAddress,
    publishHostIp: s.publishHostIp,
    limits: {
      memoryBytes: s.memoryMb * 1024 * 1024,
      nanoCpus: Math.round(s.cpus * 1e9),
      pidsLimit: s.pidsLimit,
    },
    ...(s.controlUrl ? { controlUrl: s.controlUrl } : {}),
    secretsDeadlineMs: s.secretsDeadlineMs,
    stopGraceMs: s.stopGraceMs,
    stopOnClose: s.stopOnClose,
    allocatePort: () => freeLoopbackPort(s.hostNetworkAddress),
    ...(deps.portRange ? { gamePorts: gamePortsFor(deps.portRange, s.network, s.hostNetworkAddress) } : {}),
    log: deps.log,
  });
}

/** With host networking a port can be checked before use; published ports are the engine's to refuse. */
function gamePortsFor(range: PortRange, network: string, bindAddress: string): GamePorts {
  return network === 'host'
    ? new GamePorts(range, (port) => canListen(bindAddress, port))
    : new GamePorts(range);
}
