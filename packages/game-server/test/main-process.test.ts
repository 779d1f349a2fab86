import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GameServerSecrets } from '@parlor/protocol';
import { GameClient } from '@parlor/sdk';
import { WebSocket } from 'ws';
import { sealConnectToken } from '../src/connect-token.js';
import { ControlPlaneStub } from '../src/testing/index.js';
import { until } from './harness.js';

/** The built entry: `npm test` runs `tsc -b` first. */
const mainPath = fileURLToPath(new URL('../dist/main.js', import.meta.url));

let stub: ControlPlaneStub;
let child: ChildProcess | null = null;
let stderr = '';

beforeAll(() => {
  if (!existsSync(mainPath)) throw new Error(`build first (npx tsc -b): ${mainPath} is missing`);
});

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  stderr = '';
  await stub?.stop();
});

function secretsFor(controlUrl: string) {
  const key = randomBytes(32);
  const secrets: GameServerSecrets = {
    type: 'parlor.secrets',
    gameId: `g-${randomBytes(4).toString('hex')}`,
    gameType: 'gem-rush',
    connectKey: key.toString('base64url'),
    reportingToken: randomBytes(32).toString('base64url'),
    controlUrl,
    maxPlayers: 4,
    heartbeatIntervalMs: 100,
    host: '127.0.0.1',
    port: 0,
  };
  return { key, secrets };
}

function capture(proc: ChildProcess): void {
  proc.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
}

function tokenFor(key: Buffer, gameId: string, playerId: string): string {
  return sealConnectToken(key, { gameId, playerId, displayName: playerId, expiresAt: Date.now() + 30_000 });
}

/** Plays until the start, then stops the process with SIGTERM; returns its exit code. */
async function playThenTerminate(proc: ChildProcess, key: Buffer, secrets: GameServerSecrets) {
  const ready = await stub.waitFor((r) => r.kind === 'ready');
  expect(ready.authorization).toBe(`Bearer ${secrets.reportingToken}`);
  const url = `ws://127.0.0.1:${ready.body.port}`;
  const ada = new GameClient({ url, token: tokenFor(key, secrets.gameId, 'ada'), WebSocket });
  const bob = new GameClient({ url, token: tokenFor(key, secrets.gameId, 'bob'), WebSocket });
  await ada.connect();
  await bob.connect();
  ada.configure('easy');
  await until(() => bob.state?.phase === 'in_progress');
  const game = bob.state!.game as { runners: Record<string, unknown> };
  expect(Object.keys(game.runners)).toEqual(['ada', 'bob']);
  const closed = new Promise((resolve) => bob.on('closed', resolve));
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  expect(await closed).toMatchObject({ code: 'SERVER_STOPPING' });
  const [code] = await exited;
  // Secrets never reach the logs.
  expect(stderr).not.toContain(secrets.connectKey);
  expect(stderr).not.toContain(secrets.reportingToken);
  return code;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the built game server process with a recording control-plane stub', () => {
  it('takes its secrets over IPC, plays, and exits 0 on SIGTERM', async () => {
    stub = await new ControlPlaneStub().start();
    const { key, secrets } = secretsFor(stub.url);
    child = fork(mainPath, [], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    capture(child);
    const disconnected = once(child, 'disconnect');
    child.send(secrets);
    await disconnected; // the server closes the channel once it has the secrets
    expect(await playThenTerminate(child, key, secrets)).toBe(0);
    expect(stub.ofKind('status')[0]?.body).toEqual({ status: 'in_progress', difficulty: 'easy' });
  });

  it('takes its secrets from one POST /secrets, refuses a second, and exits 0 on SIGTERM', async () => {
    stub = await new ControlPlaneStub().start();
    const { key, secrets } = secretsFor(stub.url);
    const port = await freePort();
    child = spawn(process.execPath, [mainPath], {
      env: { PATH: process.env.PATH ?? '', PARLOR_GS_SECRETS_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    capture(child);
    const post = (body: unknown) =>
      fetch(`http://127.0.0.1:${port}/secrets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let first: Response | null = null;
    await until(() => stderr.includes('waiting for secrets'));
    first = await post({ ...secrets, connectKey: 'short' });
    expect(first.status).toBe(400);
    expect((await post(secrets)).status).toBe(204);
    const second = await post(secrets).then(
      (res) => res.status,
      () => 'refused',
    );
    expect(second).not.toBe(204);
    expect(await playThenTerminate(child, key, secrets)).toBe(0);
  });
});
