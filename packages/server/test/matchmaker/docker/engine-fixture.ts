/**
 * Shared by the tests that need a real Docker engine: whether they can run (and why not),
 * a launcher on host networking bound to loopback, and the `docker` CLI as an independent
 * witness of what the engine holds.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { DockerEngine, parseDockerHost } from '../../../src/matchmaker/docker/docker-engine.js';
import {
  DockerLauncher,
  type DockerLauncherOptions,
} from '../../../src/matchmaker/docker/docker-launcher.js';
import { freeLoopbackPort } from '../../../src/matchmaker/docker/free-port.js';
import { silentLauncherLog } from '../../../src/matchmaker/launcher-log.js';

const run = promisify(execFile);
export const DOCKER_HOST = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
/**
 * What the launcher talks to: the engine itself, or a socket proxy in front of it
 * (.ci/run runs these tests both ways). The `docker` CLI witness always goes direct.
 */
export const LAUNCHER_API = process.env.PARLOR_DOCKER_TEST_API ?? DOCKER_HOST;
export const IMAGE = process.env.PARLOR_DOCKER_IMAGE ?? 'parlor/game-server:0.1.0';

/** null when the engine tests can run; else the reason they are skipped. */
export async function engineUnavailable(): Promise<string | null> {
  if (process.env.PARLOR_DOCKER_TESTS !== '1') return 'PARLOR_DOCKER_TESTS not set';
  const engine = new DockerEngine(parseDockerHost(LAUNCHER_API));
  try {
    if (!(await engine.inspectImage(IMAGE))) return `image ${IMAGE} missing (npm run docker:image)`;
  } catch (err) {
    return `Docker engine not available at ${LAUNCHER_API} (${String(err)})`;
  }
  return null;
}

export function testScope(): string {
  return `docker-test-${randomBytes(4).toString('hex')}`;
}

export function makeLauncher(scope: string, o: Partial<DockerLauncherOptions> = {}): DockerLauncher {
  return new DockerLauncher({
    engine: new DockerEngine(parseDockerHost(LAUNCHER_API)),
    image: IMAGE,
    scope,
    network: 'host',
    publicHost: '127.0.0.1',
    hostNetworkAddress: '127.0.0.1',
    publishHostIp: '127.0.0.1',
    limits: { memoryBytes: 128 * 1024 * 1024, nanoCpus: 500_000_000, pidsLimit: 64 },
    secretsDeadlineMs: 15_000,
    stopGraceMs: 2_000,
    stopOnClose: false,
    allocatePort: () => freeLoopbackPort(),
    log: silentLauncherLog,
    ...o,
  });
}

export async function docker(...args: string[]): Promise<string> {
  const env = { ...process.env, DOCKER_HOST };
  return (await run('docker', args, { env, maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/** Both streams: the game server logs JSON lines on stderr. */
export async function dockerLogs(id: string): Promise<string> {
  const env = { ...process.env, DOCKER_HOST };
  const { stdout, stderr } = await run('docker', ['logs', id], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout + stderr;
}

/** Every container of the scope, running or not, as `docker ps` sees them. */
export async function containersOf(scope: string): Promise<string[]> {
  const out = await docker('ps', '-aq', '--no-trunc', '--filter', `label=parlor.scope=${scope}`);
  return out.split('\n').filter(Boolean);
}

export async function removeScope(scope: string): Promise<void> {
  const ids = await containersOf(scope);
  if (ids.length > 0) await docker('rm', '-f', ...ids);
}
