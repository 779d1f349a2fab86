/**
 * The one place a game server's container spec is written. The launcher never takes a
 * spec, an image option or a mount from a caller: what runs is decided here, so a bug or a
 * compromise elsewhere in the control plane cannot ask for a privileged container through
 * the launcher (the socket proxy cannot check bodies; see deploy/docker-socket-proxy/).
 */
import type { ContainerCreateBody } from './engine-types.js';

export const LABELS = {
  managed: 'parlor.managed',
  scope: 'parlor.scope',
  gameId: 'parlor.game-id',
  pool: 'parlor.pool',
} as const;

/** Container names carry the game id too: labels are fixed at create, names can be changed
 * when a warm-pool container is assigned to a game. */
const GAME_PREFIX = 'parlor-game-';
const IDLE_PREFIX = 'parlor-idle-';
const NAME_SAFE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function gameContainerName(gameId: string): string {
  if (!NAME_SAFE.test(gameId)) throw new Error(`game id ${JSON.stringify(gameId)} cannot name a container`);
  return `${GAME_PREFIX}${gameId}`;
}

export function idleContainerName(poolId: string): string {
  return `${IDLE_PREFIX}${poolId}`;
}

/** The game a container serves, from its label or (warm pool) its name; null while idle. */
export function gameIdOf(labels: Record<string, string> | null, names: string[]): string | null {
  const fromLabel = labels?.[LABELS.gameId];
  if (fromLabel) return fromLabel;
  for (const name of names) {
    const bare = name.replace(/^\//, '');
    if (bare.startsWith(GAME_PREFIX)) return bare.slice(GAME_PREFIX.length);
  }
  return null;
}

export interface ContainerLimits {
  memoryBytes: number;
  nanoCpus: number;
  pidsLimit: number;
}

export interface ContainerPlan {
  image: string;
  scope: string;
  /** Absent for a warm-pool container that has no game yet. */
  gameId?: string;
  /** `host`, or the name of the private network shared with the control plane. */
  network: string;
  limits: ContainerLimits;
  /** Where the one-shot secrets listener binds inside the container's network namespace. */
  secrets: { host: string; port: number };
  /** Set when the container's game port is published on the host (not with host networking). */
  publish?: { containerPort: number; hostIp: string; hostPort?: number };
}

export const IMAGE_USER = '10001:10001';

export function buildContainerSpec(plan: ContainerPlan): ContainerCreateBody {
  const labels: Record<string, string> = { [LABELS.managed]: 'true', [LABELS.scope]: plan.scope };
  if (plan.gameId) labels[LABELS.gameId] = plan.gameId;
  else labels[LABELS.pool] = 'idle';
  const port = plan.publish ? `${plan.publish.containerPort}/tcp` : null;
  return {
    Image: plan.image,
    User: IMAGE_USER,
    // Settings only. Secrets never go here: env is visible to anyone who can inspect.
    Env: [`PARLOR_GS_SECRETS_HOST=${plan.secrets.host}`, `PARLOR_GS_SECRETS_PORT=${plan.secrets.port}`],
    Labels: labels,
    ...(port ? { ExposedPorts: { [port]: {} } } : {}),
    StopSignal: 'SIGTERM',
    HostConfig: {
      NetworkMode: plan.network,
      // An empty HostPort lets the engine choose a free one; inspect tells which.
      ...(port && plan.publish
        ? {
            PortBindings: {
              [port]: [{ HostIp: plan.publish.hostIp, HostPort: String(plan.publish.hostPort ?? '') }],
            },
          }
        : {}),
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: true,
      Privileged: false,
      Memory: plan.limits.memoryBytes,
      // Equal to Memory: no swap on top, so the limit is the limit.
      MemorySwap: plan.limits.memoryBytes,
      NanoCpus: plan.limits.nanoCpus,
      PidsLimit: plan.limits.pidsLimit,
      IpcMode: 'private',
      // The matchmaker decides about restarts (a restarted server would wait for secrets forever).
      RestartPolicy: { Name: 'no' },
      Ulimits: [{ Name: 'nofile', Soft: 4096, Hard: 4096 }],
    },
  };
}
