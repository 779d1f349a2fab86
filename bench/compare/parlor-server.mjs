// Parlor's game server on the workload: the real runtime, one room of `clients` players plus a
// host whose socket lives here (it configures the game when the run starts).
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeFrame, encodeFrame } from '@parlor/protocol';
import { sealConnectToken, startGameServer } from '@parlor/game-server';
import { WebSocket } from 'ws';
import { entities, parlorLogic } from '../support/workloads.mjs';

const reporter = {
  ready: async () => true,
  heartbeat: async () => 'ok',
  status: async () => true,
  host: async () => true,
};

export async function startParlor(hz, onTick, clients) {
  const gameId = randomUUID();
  const key = randomBytes(32);
  const logic = parlorLogic(entities, clients + 1, hz);
  const tick = logic.tick;
  logic.tick = (s) => (onTick(), tick(s));
  const server = await startGameServer({
    config: {
      gameId,
      connectKey: key,
      maxPlayers: clients + 1,
      host: '127.0.0.1',
      port: 0,
      heartbeatIntervalMs: 600_000,
      // Every bench client comes from 127.0.0.1 (see room-broadcast.bench.mjs).
      limits: { maxPendingPerAddress: clients + 1 },
    },
    logic,
    reporter,
  });
  const hello = (i) =>
    encodeFrame({
      type: 'hello',
      token: sealConnectToken(key, {
        gameId,
        playerId: `p${i}`,
        displayName: `p${i}`,
        expiresAt: Date.now() + 600_000,
      }),
    });
  const url = `ws://127.0.0.1:${server.port}`;
  const host = new WebSocket(url);
  await new Promise((r) => host.once('open', r));
  const welcomed = new Promise((r) => host.on('message', (d) => decodeFrame(d).type === 'welcome' && r()));
  host.send(hello(0));
  await welcomed;
  return {
    url,
    firstFrames: Array.from({ length: clients }, (_, i) => Buffer.from(hello(i + 1)).toString('base64')),
    start: () => host.send(encodeFrame({ type: 'configure', difficulty: 'normal' })),
    stop: () => (host.terminate(), server.stop()),
  };
}
