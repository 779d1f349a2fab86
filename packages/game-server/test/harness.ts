import { randomBytes } from 'node:crypto';
import type { GameLogic } from '@parlor/protocol';
import { GameClient } from '@parlor/sdk';
import { WebSocket } from 'ws';
import {
  createHttpControlReporter,
  sealConnectToken,
  silentLogger,
  startGameServer,
  systemClock,
  type GameServerConfig,
  type RunningGameServer,
} from '../src/index.js';
import { ControlPlaneStub } from '../src/testing/index.js';
import { counterGame } from './test-game.js';

export interface Harness {
  stub: ControlPlaneStub;
  server: RunningGameServer;
  gameId: string;
  key: Buffer;
  url: string;
  token(playerId: string, displayName?: string): string;
  client(playerId: string, opts?: { autoResume?: boolean }): GameClient;
  /** Connects a client and waits for its welcome. */
  join(playerId: string, opts?: { autoResume?: boolean }): Promise<GameClient>;
  rawSocket(): Promise<WebSocket>;
  close(): Promise<void>;
}

export const REPORTING_TOKEN = 'test-reporting-token-0123456789';

export async function startHarness(
  opts: { logic?: GameLogic; config?: Partial<GameServerConfig>; stub?: ControlPlaneStub } = {},
): Promise<Harness> {
  const stub = opts.stub ?? (await new ControlPlaneStub().start());
  const gameId = `g-${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32);
  const clients: GameClient[] = [];
  const sockets: WebSocket[] = [];
  const server = await startGameServer({
    config: {
      gameId,
      connectKey: key,
      maxPlayers: 8,
      host: '127.0.0.1',
      port: 0,
      heartbeatIntervalMs: 50,
      graceMs: 30_000,
      drainMs: 200,
      ...opts.config,
    },
    logic: opts.logic ?? counterGame(),
    reporter: createHttpControlReporter({
      controlUrl: stub.url,
      gameId,
      reportingToken: REPORTING_TOKEN,
      clock: systemClock,
      log: silentLogger,
      attempts: 3,
      baseDelayMs: 20,
    }),
    seed: 42,
  });
  const url = `ws://127.0.0.1:${server.port}`;
  const token = (playerId: string, displayName = playerId) =>
    sealConnectToken(key, { gameId, playerId, displayName, expiresAt: Date.now() + 30_000 });
  const client = (playerId: string, o: { autoResume?: boolean } = {}) => {
    const c = new GameClient({ url, token: token(playerId), WebSocket, resumeDelayMs: 20, ...o });
    clients.push(c);
    return c;
  };
  return {
    stub,
    server,
    gameId,
    key,
    url,
    token,
    client,
    join: async (playerId, o) => {
      const c = client(playerId, o);
      await c.connect();
      return c;
    },
    rawSocket: async () => {
      const ws = new WebSocket(url);
      sockets.push(ws);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      return ws;
    },
    close: async () => {
      for (const c of clients) c.close();
      for (const ws of sockets) ws.terminate();
      await server.stop();
      if (!opts.stub) await stub.stop();
    },
  };
}

export { until } from '../src/testing/index.js';

export function closeCodeOf(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve(-1);
    ws.once('close', (code) => resolve(code));
  });
}
