// Room broadcast: N players in one game ticking at 20 Hz, each tick's patches sent to every
// player, against a raw `ws` server broadcasting the same bytes at the same rate, measured in
// the same run. Reports deliveries/s, server CPU and memory per client. Loopback only,
// bounded: a few seconds per size.
import { randomBytes } from 'node:crypto';
import { decodeFrame, encodeFrame } from '@parlor/protocol';
import { sealConnectToken, startGameServer } from '@parlor/game-server';
import { WebSocketServer } from 'ws';
import { fmt, measureWindow, startClients } from './support/measure.mjs';

const SIZES = (process.env.BENCH_CLIENTS ?? '50,200').split(',').map(Number);
const HZ = 20;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 3000);

/** Every player drifts every tick, so every tick changes one field per player. */
const driftGame = (maxPlayers) => ({
  meta: { id: 'bench-drift', name: 'Drift', minPlayers: 1, maxPlayers, difficulties: ['normal'], tickHz: HZ },
  init: ({ players }) => ({ t: 0, pos: Object.fromEntries(players.map((p, i) => [p.playerId, i])) }),
  join: () => {},
  leave: (s, id) => void delete s.pos[id],
  input: () => {},
  tick: (s) => {
    s.t += 1;
    for (const id of Object.keys(s.pos)) s.pos[id] = (s.pos[id] + 1) % 1000;
  },
  result: () => null,
});

async function run(n) {
  // Parlor: the real runtime, with a host that configures over a socket of its own.
  const gameId = `bench-${randomBytes(4).toString('hex')}`;
  const key = randomBytes(32);
  const reporter = { ready: async () => true, heartbeat: async () => 'ok', status: async () => true };
  const server = await startGameServer({
    config: {
      gameId,
      connectKey: key,
      maxPlayers: n,
      host: '127.0.0.1',
      port: 0,
      heartbeatIntervalMs: 60_000,
    },
    logic: driftGame(n),
    reporter,
  });
  const token = (i) =>
    sealConnectToken(key, {
      gameId,
      playerId: `p${i}`,
      displayName: `p${i}`,
      expiresAt: Date.now() + 60_000,
    });
  const url = `ws://127.0.0.1:${server.port}`;
  const rss0 = process.memoryUsage().rss;
  // The host (p0, first to connect) lives here so it can configure; the other n-1 players
  // are in the client process.
  const { WebSocket } = await import('ws');
  const hostSock = new WebSocket(url);
  await new Promise((r) => hostSock.once('open', r));
  let sample;
  const welcomed = new Promise((resolve) =>
    hostSock.on('message', (data) => {
      const type = decodeFrame(data).type;
      if (type === 'welcome') resolve();
      // Keep the latest steady-state patch frame as the raw baseline's payload.
      if (type === 'patch') sample = data;
    }),
  );
  hostSock.send(encodeFrame({ type: 'hello', token: token(0) }));
  await welcomed;
  const frames = Array.from({ length: n - 1 }, (_, i) =>
    Buffer.from(encodeFrame({ type: 'hello', token: token(i + 1) })).toString('base64'),
  );
  const clients = await startClients(url, n - 1, frames);
  await new Promise((r) => setTimeout(r, 300));
  hostSock.send(encodeFrame({ type: 'configure', difficulty: 'normal' }));
  await new Promise((r) => setTimeout(r, 500));
  const parlor = await measureWindow(clients, WINDOW_MS, rss0);
  clients.stop();
  hostSock.terminate();
  await server.stop();

  // Raw ws: the same payload bytes at the same rate, nothing else.
  const payload = sample ?? Buffer.alloc(16 + n * 6);
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const rss1 = process.memoryUsage().rss;
  const raw = await startClients(`ws://127.0.0.1:${wss.address().port}`, n - 1);
  const timer = setInterval(() => {
    for (const ws of wss.clients) ws.send(payload);
  }, 1000 / HZ);
  const base = await measureWindow(raw, WINDOW_MS, rss1);
  clearInterval(timer);
  raw.stop();
  await new Promise((r) => wss.close(r));
  return { parlor, base, payloadBytes: payload.length };
}

console.log(
  `room broadcast at ${HZ} Hz, ${WINDOW_MS} ms windows (server CPU is this process; clients run in a child)`,
);
console.log(
  'clients | parlor deliveries/s | raw ws deliveries/s | ratio | parlor CPU % | raw CPU % | parlor CPU µs/delivery | raw µs/delivery | parlor RSS KiB/client | payload B',
);
for (const n of SIZES) {
  const { parlor, base, payloadBytes } = await run(n);
  const per = (r) => (r.cpuPercent * 10_000) / Math.max(1, r.deliveriesPerSec);
  console.log(
    [
      n,
      fmt(parlor.deliveriesPerSec, 0),
      fmt(base.deliveriesPerSec, 0),
      fmt(parlor.deliveriesPerSec / base.deliveriesPerSec, 2),
      fmt(parlor.cpuPercent),
      fmt(base.cpuPercent),
      fmt(per(parlor)),
      fmt(per(base)),
      fmt((parlor.rssDeltaMiB * 1024) / n, 0),
      payloadBytes,
    ].join(' | '),
  );
}
process.exit(0);
