// Room broadcast: N players in one game ticking at 20 Hz, each tick's patches sent to every
// player, three ways in the same run: straight to the game server (direct mode), through the
// control plane's game socket relay (the default: a byte pipe after the upgrade), and a raw
// `ws` server broadcasting the same bytes at the same rate. Reports deliveries/s, server CPU
// (game server, plus the relay when it is in the path), memory per client and the host's
// ping round trip. Loopback only, bounded: a few seconds per size and way.
import { decodeFrame, encodeFrame } from '@parlor/protocol';
import { WebSocketServer } from 'ws';
import { benchRoom } from './support/bench-room.mjs';
import { fmt, measureWindow, startClients } from './support/measure.mjs';
import { startRelay } from './support/relay-app.mjs';

const SIZES = (process.env.BENCH_CLIENTS ?? '50,200').split(',').map(Number);
const HZ = 20;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 3000);
// Spaced under the game server's message rate limit (60/s), which would otherwise drop the host.
const PINGS = 60;
const PING_GAP_MS = 25;

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

/** The host's ping round trips, one at a time, while the room broadcasts: median and p99 in ms. */
async function pingTimes(ws) {
  const times = [];
  for (let id = 0; id < PINGS; id++) {
    const ref = String(id);
    const t0 = performance.now();
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no pong within 5 s')), 5_000);
      const onMessage = (data) => {
        const m = decodeFrame(data);
        if (m.type === 'pong' && m.ref === ref) {
          clearTimeout(timer);
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.send(encodeFrame({ type: 'ping', ref }));
    });
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, PING_GAP_MS));
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(PINGS / 2)], p99: times[Math.floor(PINGS * 0.99)] };
}

/** One room of n players, reached `via` the relay or directly. */
async function runRoom(n, via) {
  // Parlor: the real runtime, with a host that configures over a socket of its own.
  const { server, gameId, hello } = await benchRoom(driftGame(n), n);
  const relay = via === 'relay' ? await startRelay({ host: '127.0.0.1', port: server.port }) : null;
  const url = relay ? `${relay.url}/v1/games/${gameId}/socket` : `ws://127.0.0.1:${server.port}`;
  const rss0 = process.memoryUsage().rss;
  // The host (p0, first to connect) lives here so it can configure; the other n-1 players
  // are in the client process.
  const { WebSocket } = await import('ws');
  const hostSock = new WebSocket(url);
  await new Promise((r) => hostSock.once('open', r));
  let sample;
  const welcomed = new Promise((resolve) =>
    hostSock.on('message', (data) => {
      const frame = decodeFrame(data);
      if (frame.type === 'welcome') resolve();
      // Keep the latest steady-state patch frame (an array, docs/state-encoding.md) as the raw baseline's payload.
      if (Array.isArray(frame)) sample = data;
    }),
  );
  hostSock.send(hello(0));
  await welcomed;
  const frames = Array.from({ length: n - 1 }, (_, i) => Buffer.from(hello(i + 1)).toString('base64'));
  const clients = await startClients(url, n - 1, frames);
  await new Promise((r) => setTimeout(r, 300));
  hostSock.send(encodeFrame({ type: 'configure', difficulty: 'normal' }));
  await new Promise((r) => setTimeout(r, 500));
  const measured = await measureWindow(clients, WINDOW_MS, rss0);
  const ping = await pingTimes(hostSock);
  clients.stop();
  hostSock.terminate();
  await relay?.close();
  await server.stop();
  return { measured, ping, sample };
}

async function run(n) {
  const direct = await runRoom(n, 'direct');
  const relayed = await runRoom(n, 'relay');

  // Raw ws: the same payload bytes at the same rate, nothing else.
  const payload = direct.sample ?? Buffer.alloc(16 + n * 6);
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
  return { direct, relayed, base, payloadBytes: payload.length };
}

console.log(
  `room broadcast at ${HZ} Hz, ${WINDOW_MS} ms windows (server CPU is this process; clients run in a child)`,
);
console.log(
  'clients | deliveries/s direct / relay / raw ws | CPU % direct / relay / raw | CPU µs/delivery direct / relay / raw | RSS KiB/client direct / relay | host ping p50 ms direct / relay | p99 direct / relay | payload B',
);
for (const n of SIZES) {
  const { direct, relayed, base, payloadBytes } = await run(n);
  const d = direct.measured;
  const r = relayed.measured;
  const per = (m) => (m.cpuPercent * 10_000) / Math.max(1, m.deliveriesPerSec);
  const both = (a, b, digits = 1) => `${fmt(a, digits)} / ${fmt(b, digits)}`;
  console.log(
    [
      n,
      `${both(d.deliveriesPerSec, r.deliveriesPerSec, 0)} / ${fmt(base.deliveriesPerSec, 0)}`,
      `${both(d.cpuPercent, r.cpuPercent)} / ${fmt(base.cpuPercent)}`,
      `${both(per(d), per(r))} / ${fmt(per(base))}`,
      both((d.rssDeltaMiB * 1024) / n, (r.rssDeltaMiB * 1024) / n, 0),
      both(direct.ping.p50, relayed.ping.p50, 2),
      both(direct.ping.p99, relayed.ping.p99, 2),
      payloadBytes,
    ].join(' | '),
  );
}
process.exit(0);
