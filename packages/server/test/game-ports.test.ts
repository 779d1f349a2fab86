import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { buildContainerSpec } from '../src/matchmaker/docker/container-spec.js';
import { canListen, GamePorts } from '../src/matchmaker/game-ports.js';

describe('PARLOR_GAME_PORT_RANGE and PARLOR_GAME_CONNECT', () => {
  it('parse as from-to and relay|direct; anything else stops the start with the setting named', () => {
    expect(loadConfig({}).gameConnect).toBe('relay');
    expect(loadConfig({}).gamePortRange).toBeUndefined();
    const set = loadConfig({ PARLOR_GAME_CONNECT: 'direct', PARLOR_GAME_PORT_RANGE: '40000-40099' });
    expect(set).toMatchObject({ gameConnect: 'direct', gamePortRange: { from: 40000, to: 40099 } });
    for (const bad of ['40099-40000', '0-10', '1-70000', '40000', 'a-b']) {
      expect(() => loadConfig({ PARLOR_GAME_PORT_RANGE: bad })).toThrow(/PARLOR_GAME_PORT_RANGE/);
    }
    expect(() => loadConfig({ PARLOR_GAME_CONNECT: 'tunnel' })).toThrow(ConfigError);
  });
});

describe('game ports from a range', () => {
  it('hands each port to one game at a time, round the range, and says when none is left', async () => {
    const ports = new GamePorts({ from: 5000, to: 5002 });
    const taken = await Promise.all([ports.take(), ports.take(), ports.take()]);
    expect(taken.sort()).toEqual([5000, 5001, 5002]);
    await expect(ports.take()).rejects.toThrow(/no free port left in PARLOR_GAME_PORT_RANGE 5000-5002/);
    ports.release(5001);
    expect(await ports.take()).toBe(5001);
    expect(ports.inUse).toBe(3);
  });

  it('skips a port something else holds', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const held = (holder.address() as { port: number }).port;
    try {
      expect(await canListen('127.0.0.1', held)).toBe(false);
      const ports = new GamePorts({ from: held, to: held + 1 }, (port) => canListen('127.0.0.1', port));
      expect(await ports.take()).toBe(held + 1);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('the Docker launcher publishes the game port on the range’s port when it has one', () => {
    const spec = buildContainerSpec({
      image: 'parlor/game-server:test',
      scope: 'docker:test',
      gameId: 'g-1',
      network: 'parlor-games',
      limits: { memoryBytes: 128 * 1024 * 1024, nanoCpus: 500_000_000, pidsLimit: 64 },
      secrets: { host: '0.0.0.0', port: 7070 },
      publish: { containerPort: 7777, hostIp: '0.0.0.0', hostPort: 40_001 },
    });
    expect(spec.HostConfig.PortBindings).toEqual({ '7777/tcp': [{ HostIp: '0.0.0.0', HostPort: '40001' }] });
  });
});
