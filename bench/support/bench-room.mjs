// One Parlor game server for a bench: the real runtime on 127.0.0.1:0 with a reporter that
// accepts everything, and `hello(i)`, the first frame of player i (a sealed connect token).
import { randomBytes, randomUUID } from 'node:crypto';
import { encodeFrame } from '@parlor/protocol';
import { sealConnectToken, startGameServer } from '@parlor/game-server';

export async function benchRoom(logic, maxPlayers) {
  const gameId = randomUUID();
  const key = randomBytes(32);
  const reporter = {
    ready: async () => true,
    heartbeat: async () => 'ok',
    status: async () => true,
    host: async () => true,
  };
  const server = await startGameServer({
    config: {
      gameId,
      connectKey: key,
      maxPlayers,
      host: '127.0.0.1',
      port: 0,
      heartbeatIntervalMs: 60_000,
      // Every bench client comes from 127.0.0.1: the per-address budget for sockets that have not
      // sent their hello yet would otherwise push most of them out while they connect.
      limits: { maxPendingPerAddress: maxPlayers },
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
        displayName: `player ${i}`,
        expiresAt: Date.now() + 120_000,
      }),
    });
  return { server, gameId, hello, url: `ws://127.0.0.1:${server.port}` };
}
