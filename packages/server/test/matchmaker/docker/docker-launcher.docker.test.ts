import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sealConnectToken } from '@parlor/game-server/connect-token';
import { GameClient } from '@parlor/sdk';
import { WebSocket } from 'ws';
import { launchSpec } from '../../support/launch.js';
import { ControlPlaneStub, until } from '@parlor/game-server/testing';
import type { LaunchSpec } from '../../../src/matchmaker/launcher.js';
import {
  containersOf,
  docker,
  dockerLogs,
  engineUnavailable,
  makeLauncher,
  removeScope,
  testScope,
} from './engine-fixture.js';

const unavailable = await engineUnavailable();
const title = 'DockerLauncher against a real engine';
const scope = testScope();
let stub: ControlPlaneStub;
const clients: GameClient[] = [];

beforeAll(async () => {
  if (!unavailable) stub = await new ControlPlaneStub().start();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  if (unavailable) return;
  await removeScope(scope);
  await stub.stop();
});

function specFor(): LaunchSpec {
  return launchSpec({
    gameId: `g-${randomBytes(6).toString('hex')}`,
    heartbeatIntervalMs: 500,
    controlUrl: stub.url,
  });
}

function secretForms(spec: LaunchSpec): string[] {
  const key = spec.secrets.connectKey;
  return [
    key.toString('base64url'),
    key.toString('base64'),
    key.toString('hex'),
    spec.secrets.reportingToken,
  ];
}

// Exits, leftovers of an earlier run, scopes and close are the contract suite's
// (../launcher.contract.test.ts); this file keeps what only containers promise.
describe.skipIf(unavailable !== null)(unavailable ? `${title} (skipped: ${unavailable})` : title, () => {
  it('starts a hardened container that takes its secrets privately, reports ready and welcomes a player', async () => {
    const launcher = makeLauncher(scope);
    const exits: string[] = [];
    launcher.onExit((gameId, detail) => exits.push(`${gameId}: ${detail}`));
    const spec = specFor();
    const started = performance.now();
    const launched = await launcher.launch(spec);
    const ready = await stub.waitFor((r) => r.gameId === spec.gameId && r.kind === 'ready');
    console.log(`docker: launch-to-ready ${(performance.now() - started).toFixed(0)} ms`);
    expect(ready.authorization).toBe(`Bearer ${spec.secrets.reportingToken}`);
    expect(ready.body.port).toBe(launched.publicPort);

    const [info] = JSON.parse(await docker('inspect', launched.ref));
    expect(info.Config.User).toBe('10001:10001');
    expect(info.HostConfig).toMatchObject({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: true,
      Privileged: false,
      Memory: 128 * 1024 * 1024,
      NanoCpus: 500_000_000,
      PidsLimit: 64,
      NetworkMode: 'host',
    });
    expect(info.HostConfig.Binds ?? []).toEqual([]);
    expect(info.HostConfig.Devices ?? []).toEqual([]);
    expect(info.Mounts).toEqual([]);
    expect(info.Config.Labels).toMatchObject({ 'parlor.game-id': spec.gameId, 'parlor.scope': scope });

    const token = sealConnectToken(spec.secrets.connectKey, {
      gameId: spec.gameId,
      playerId: 'ada',
      displayName: 'Ada',
      expiresAt: Date.now() + 30_000,
    });
    const ada = new GameClient({
      url: `ws://${launched.publicHost}:${launched.publicPort}`,
      token,
      WebSocket,
    });
    clients.push(ada);
    await ada.connect();
    expect(ada.playerId).toBe('ada');
    expect(ada.isHost).toBe(true);

    // Nothing the engine keeps or shows about the container holds a secret.
    const shown = (await docker('inspect', launched.ref)) + (await dockerLogs(launched.ref));
    expect(shown).toContain('waiting for secrets');
    for (const secret of secretForms(spec)) expect(shown).not.toContain(secret);

    await launcher.stop(spec.gameId);
    expect(await containersOf(scope)).not.toContain(launched.ref);
    expect(await launcher.list()).toEqual([]);
    await launcher.stop(spec.gameId); // idempotent
    await until(() => exits.length > 0, { timeoutMs: 15_000 });
    expect(exits[0]).toMatch(new RegExp(`^${spec.gameId}: `));
  });

  it('leaves nothing behind when the secrets cannot be handed over', async () => {
    // Privileged port: the unprivileged server cannot bind it and exits at once.
    const dies = makeLauncher(scope, { allocatePort: async () => 1 });
    await expect(dies.launch(specFor())).rejects.toThrow(/stopped before taking its secrets|not reachable/);
    expect(await containersOf(scope)).toEqual([]);

    // Someone else answers on the secrets port: a refusal fails the launch, never retried.
    const impostor = await listenAnswering(409);
    const port = (impostor.address() as { port: number }).port;
    const refused = makeLauncher(scope, { allocatePort: async () => port });
    await expect(refused.launch(specFor())).rejects.toThrow(/answered 409/);
    impostor.close();
    expect(await containersOf(scope)).toEqual([]);
  });
});

async function listenAnswering(status: number): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(status).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
