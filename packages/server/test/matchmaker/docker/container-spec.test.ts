import { describe, expect, it } from 'vitest';
import {
  LABELS,
  buildContainerSpec,
  gameContainerName,
  gameIdOf,
  idleContainerName,
  type ContainerPlan,
} from '../../../src/matchmaker/docker/container-spec.js';
import { parseDockerHost } from '../../../src/matchmaker/docker/docker-engine.js';

const plan: ContainerPlan = {
  image: 'parlor/game-server:test',
  scope: 'docker:test',
  gameId: 'g-1',
  network: 'parlor-games',
  limits: { memoryBytes: 128 * 1024 * 1024, nanoCpus: 500_000_000, pidsLimit: 64 },
  secrets: { host: '0.0.0.0', port: 7070 },
  publish: { containerPort: 7777, hostIp: '0.0.0.0' },
};

describe('the container spec', () => {
  it('runs unprivileged, read-only, limited, with nothing from the host', () => {
    const spec = buildContainerSpec(plan);
    expect(spec.User).toBe('10001:10001');
    expect(spec.HostConfig).toMatchObject({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: true,
      Privileged: false,
      Memory: plan.limits.memoryBytes,
      MemorySwap: plan.limits.memoryBytes,
      NanoCpus: 500_000_000,
      PidsLimit: 64,
      NetworkMode: 'parlor-games',
      RestartPolicy: { Name: 'no' },
    });
    for (const key of ['Binds', 'Mounts', 'Devices', 'CapAdd', 'VolumesFrom', 'PidMode', 'UsernsMode']) {
      expect(spec.HostConfig).not.toHaveProperty(key);
    }
    expect(spec).not.toHaveProperty('Volumes');
    expect(spec).not.toHaveProperty('Cmd');
  });

  it('carries only settings in its environment and labels', () => {
    const spec = buildContainerSpec(plan);
    expect(spec.Env).toEqual(['PARLOR_GS_SECRETS_HOST=0.0.0.0', 'PARLOR_GS_SECRETS_PORT=7070']);
    expect(spec.Labels).toEqual({
      [LABELS.managed]: 'true',
      [LABELS.scope]: 'docker:test',
      [LABELS.gameId]: 'g-1',
    });
  });

  it('publishes the game port on a free host port when the network is private', () => {
    const spec = buildContainerSpec(plan);
    expect(spec.ExposedPorts).toEqual({ '7777/tcp': {} });
    expect(spec.HostConfig.PortBindings).toEqual({ '7777/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }] });
    const { publish: _, ...hostPlan } = plan;
    const onHost = buildContainerSpec({ ...hostPlan, network: 'host' });
    expect(onHost.HostConfig.PortBindings).toBeUndefined();
    expect(onHost.ExposedPorts).toBeUndefined();
  });

  it('marks a warm-pool container idle until its name says which game it serves', () => {
    const { gameId: _, ...idlePlan } = plan;
    const spec = buildContainerSpec(idlePlan);
    expect(spec.Labels[LABELS.pool]).toBe('idle');
    expect(spec.Labels[LABELS.gameId]).toBeUndefined();
    expect(gameIdOf(spec.Labels, [`/${idleContainerName('abc')}`])).toBeNull();
    expect(gameIdOf(spec.Labels, [`/${gameContainerName('g-2')}`])).toBe('g-2');
    expect(gameIdOf({ [LABELS.gameId]: 'g-3' }, ['/whatever'])).toBe('g-3');
  });

  it('refuses game ids that cannot name a container', () => {
    expect(gameContainerName('0b5e0c4e-1c7f-4d0e-9f5e-2a1b3c4d5e6f')).toMatch(/^parlor-game-/);
    for (const bad of ['', '../x', 'a b', '-x', 'x'.repeat(200)])
      expect(() => gameContainerName(bad)).toThrow();
  });
});

describe('Docker host addresses', () => {
  it('reads unix sockets and TCP addresses of a socket proxy', () => {
    expect(parseDockerHost('unix:///var/run/docker.sock')).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(parseDockerHost('tcp://docker-socket-proxy:2375')).toEqual({
      host: 'docker-socket-proxy',
      port: 2375,
    });
    expect(parseDockerHost('http://127.0.0.1:2376')).toEqual({ host: '127.0.0.1', port: 2376 });
    expect(() => parseDockerHost('https://proxy:2376')).toThrow(/unsupported/);
  });
});
