import { randomBytes } from 'node:crypto';
import { ManualClock, type GameServerSecrets, type GameTypeMeta } from '@parlor/protocol';
import { GameClient } from '@parlor/sdk';
import { WebSocket } from 'ws';
import { sealAttachToken } from '../src/attach-token.js';
import { createHttpControlReporter } from '../src/control-reporter.js';
import { sealConnectToken } from '../src/connect-token.js';
import { silentLogger } from '../src/logger.js';
import { remoteLogic } from '../src/remote-game.js';
import { startGameServer, type RunningGameServer } from '../src/start-game-server.js';
import { ControlPlaneStub } from '../src/testing/index.js';
import { systemClock } from '../src/clock.js';

export const DUEL_META: GameTypeMeta = {
  id: 'duel',
  name: 'Duel',
  minPlayers: 1,
  maxPlayers: 4,
  difficulties: ['easy'],
  tickHz: 10,
};

/** A mini-game's server as the test plays it: a real socket, the frames it received. */
export interface MinigameSocket {
  ws: WebSocket;
  frames: { type: string; [k: string]: unknown }[];
  closeCode: Promise<number>;
  send(frame: unknown): void;
}

/**
 * One mini-game's game on real sockets (players, the mini-game, a stub control plane) whose
 * every timer, token expiry and tick runs on a ManualClock: time moves only by `clock.advance`.
 */
export async function startMinigameGame(minigame: { stallMs?: number; reconnectGraceMs?: number } = {}) {
  const clock = new ManualClock(Date.now());
  const stub = await new ControlPlaneStub().start();
  const gameId = `g-${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32);
  const reportingToken = 'test-reporting-token-0123456789';
  const secrets: GameServerSecrets = {
    type: 'parlor.secrets',
    gameId,
    gameType: DUEL_META.id,
    connectKey: key.toString('base64url'),
    reportingToken,
    controlUrl: stub.url,
    maxPlayers: 4,
    heartbeatIntervalMs: 60_000,
    host: '127.0.0.1',
    port: 0,
    minigame: { id: DUEL_META.id, meta: DUEL_META, ...minigame },
  };
  let server: RunningGameServer | null = null;
  // The production wiring (remote-game.ts), on the manual clock.
  const remote = remoteLogic(secrets, key, silentLogger, () => server, clock)!;
  server = await startGameServer({
    config: {
      gameId,
      connectKey: key,
      maxPlayers: 4,
      host: '127.0.0.1',
      port: 0,
      heartbeatIntervalMs: 60_000,
    },
    logic: remote.logic,
    reporter: createHttpControlReporter({
      controlUrl: stub.url,
      gameId,
      reportingToken,
      clock: systemClock,
      log: silentLogger,
      attempts: 2,
      baseDelayMs: 10,
    }),
    clock,
    seed: 1,
    attachMinigame: (ws, first) => remote.link.accept(ws, first),
  });
  const url = `ws://127.0.0.1:${server.port}`;
  const sockets: WebSocket[] = [];
  const players: GameClient[] = [];
  const attachToken = (expiresAt = clock.nowMs() + 20_000) =>
    sealAttachToken(key, { gameId, minigameId: DUEL_META.id, expiresAt });

  /** Opens a mini-game socket and sends `{type: attach, token}` once it is open. */
  async function attach(token = attachToken()): Promise<MinigameSocket> {
    const ws = new WebSocket(url);
    sockets.push(ws);
    const frames: MinigameSocket['frames'] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const closeCode = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'attach', token }));
    return { ws, frames, closeCode, send: (f) => ws.send(JSON.stringify(f)) };
  }

  /** A player, connected and welcomed. */
  async function join(playerId: string): Promise<GameClient> {
    const token = sealConnectToken(key, {
      gameId,
      playerId,
      displayName: playerId,
      expiresAt: clock.nowMs() + 30_000,
    });
    const c = new GameClient({ url, token, WebSocket, autoResume: false });
    players.push(c);
    await c.connect();
    return c;
  }

  return {
    clock,
    stub,
    server,
    link: remote.link,
    attachToken,
    attach,
    join,
    /** Ticks the room `n` times (each tick forwards events and applies what the mini-game sent). */
    tick(n = 1) {
      for (let i = 0; i < n; i++) clock.advance(1000 / DUEL_META.tickHz);
    },
    async close() {
      for (const c of players) c.close();
      for (const ws of sockets) ws.terminate();
      await server!.stop();
      await stub.stop();
    },
  };
}
