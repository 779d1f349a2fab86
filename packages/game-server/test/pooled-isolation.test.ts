import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf, decodeFrame, encodeFrame, type GameServerSecrets } from '@parlor/protocol';
import { WebSocket } from 'ws';
import { sealConnectToken } from '../src/connect-token.js';
import { ControlPlaneStub } from '../src/testing/index.js';
import { startHarness, until } from './harness.js';
import { counterGame } from './test-game.js';

/**
 * Pooled mode (PARLOR_GAME_POOL_ROOMS): rooms sharing a process must still be strangers. The
 * built pool entry is forked as the launcher forks it; rooms A and B share one process, C is
 * in another, and every token of one is tried on the others.
 */
const poolMain = fileURLToPath(new URL('../dist/pool-main.js', import.meta.url));

interface Room {
  key: Buffer;
  secrets: GameServerSecrets;
  port: number;
}

let stub: ControlPlaneStub;
const children: ChildProcess[] = [];

beforeAll(async () => {
  stub = await new ControlPlaneStub().start();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stub.stop();
});

function forkPool(): ChildProcess {
  const child = fork(poolMain, [], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  children.push(child);
  return child;
}

async function openRoom(pool: ChildProcess): Promise<Room> {
  const key = randomBytes(32);
  const secrets: GameServerSecrets = {
    type: 'parlor.secrets',
    gameId: `g-${randomBytes(4).toString('hex')}`,
    gameType: 'gem-rush',
    connectKey: key.toString('base64url'),
    reportingToken: randomBytes(32).toString('base64url'),
    controlUrl: stub.url,
    maxPlayers: 4,
    heartbeatIntervalMs: 200,
    host: '127.0.0.1',
    port: 0,
  };
  pool.send(secrets);
  const ready = await stub.waitFor((r) => r.kind === 'ready' && r.gameId === secrets.gameId);
  expect(ready.authorization).toBe(`Bearer ${secrets.reportingToken}`);
  return { key, secrets, port: (ready.body as { port: number }).port };
}

function tokenOf(room: Room, playerId: string): string {
  return sealConnectToken(room.key, {
    gameId: room.secrets.gameId,
    playerId,
    displayName: playerId,
    expiresAt: Date.now() + 30_000,
  });
}

/** Sends one frame to a room; resolves with the frames received and the close code. */
async function exchange(room: Room, frame: object, untilFrames = Infinity) {
  const ws = new WebSocket(`ws://127.0.0.1:${room.port}`);
  await once(ws, 'open');
  const received: Record<string, unknown>[] = [];
  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  ws.on('message', (data) => {
    received.push(decodeFrame(data as Buffer) as Record<string, unknown>);
    if (received.length >= untilFrames) ws.close();
  });
  ws.send(encodeFrame(frame as never));
  return { received, code: await closed };
}

describe('pooled game server: rooms in one process stay isolated', () => {
  let a: Room;
  let b: Room;
  let c: Room;
  let shared: ChildProcess;

  beforeAll(async () => {
    shared = forkPool();
    a = await openRoom(shared);
    b = await openRoom(shared);
    c = await openRoom(forkPool());
    expect(a.port).not.toBe(b.port);
  });

  it("refuses room A's connect token in room B of the same process, and a token of another process's game", async () => {
    expect((await exchange(b, { type: 'hello', token: tokenOf(a, 'ada') })).code).toBe(
      closeCodeOf('TOKEN_INVALID'),
    );
    expect((await exchange(b, { type: 'hello', token: tokenOf(c, 'cy') })).code).toBe(
      closeCodeOf('TOKEN_INVALID'),
    );
    // The same kind of token is accepted where it belongs.
    const own = await exchange(b, { type: 'hello', token: tokenOf(b, 'bob') }, 1);
    expect(own.received[0]?.type).toBe('welcome');
  });

  it("refuses room A's resume token in room B", async () => {
    const welcome = await exchange(a, { type: 'hello', token: tokenOf(a, 'ada') }, 1);
    const resumeToken = welcome.received[0]?.resumeToken;
    expect(typeof resumeToken).toBe('string');
    const resumed = await exchange(b, { type: 'resume', token: resumeToken });
    expect(resumed.code).toBe(closeCodeOf('RESUME_INVALID'));
  });

  it('stops one room on command and leaves its neighbour serving; secrets never reach the logs', async () => {
    let stderr = '';
    shared.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    const ended = new Promise((resolve) => shared.on('message', (m) => resolve(m)));
    shared.send({ type: 'parlor.stop-room', gameId: a.secrets.gameId });
    expect(await ended).toMatchObject({ type: 'parlor.room-ended', gameId: a.secrets.gameId });
    const own = await exchange(b, { type: 'hello', token: tokenOf(b, 'bo') }, 1);
    expect(own.received[0]?.type).toBe('welcome');
    for (const room of [a, b]) {
      expect(stderr).not.toContain(room.secrets.connectKey);
      expect(stderr).not.toContain(room.secrets.reportingToken);
    }
  });
});

describe('a room whose logic throws', () => {
  it('ends that room and not its neighbour in the same process', async () => {
    const broken = await startHarness({
      logic: counterGame(5, {
        tick: () => {
          throw new Error('a bug in the rules');
        },
      }),
    });
    const healthy = await startHarness();
    try {
      const [ada, bob] = [await broken.join('ada'), await broken.join('bob')];
      const closed = new Promise((resolve) => bob.on('closed', resolve));
      ada.configure('easy');
      expect(await closed).toMatchObject({ code: 'INTERNAL' });
      expect((await broken.server.exited).exitCode).toBe(1);

      const [cy, dee] = [await healthy.join('cy'), await healthy.join('dee')];
      cy.configure('easy');
      expect(await until(() => dee.state?.phase === 'in_progress')).toBe(true);
    } finally {
      await broken.close();
      await healthy.close();
    }
  });
});
