// Measures one server kind with many games of a few players each: the servers started by
// serve-many.mjs, the clients in bench/support/game-clients.mjs (one process, as for one room),
// a warm-up, then a window. The server's figures are read here from /proc for every one of
// its processes, so a process per game and one process for every room are counted alike.
import { fork } from 'node:child_process';
import { processCpuMs } from '../support/cpu-time.mjs';
import { memoryOf } from '../support/process-memory.mjs';
import { failures } from './run-one.mjs';

// A process per game boots in about a second of CPU time; a few minutes is a machine too busy.
const START_TIMEOUT_MS = 240_000;
// What the server process may take beyond that to stop the games it did start.
const START_CLEANUP_MS = 60_000;
const JOIN_TIMEOUT_MS = 120_000;
// Stopping 250 game servers takes their grace each, a few at a time on two cores.
const STOP_TIMEOUT_MS = 60_000;

const child = (file) =>
  fork(new URL(file, import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const next = (proc, type, timeoutMs = 60_000) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m) => {
      if (m.type !== type && m.type !== 'failed') return;
      proc.off('message', onMessage);
      clearTimeout(timer);
      if (m.type === 'failed') reject(new Error(m.reason));
      else resolve(m);
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`child exited (${code}) before '${type}'`)));
  });
const ask = (proc, type) => (proc.send({ type }), next(proc, type));
/** Resolves once `proc` has exited; one that does not within `ms` is killed (bounded run). */
const exited = (proc, ms) =>
  new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const timer = setTimeout(() => proc.kill('SIGKILL'), ms);
    proc.once('exit', () => (clearTimeout(timer), resolve()));
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** CPU ms of all `pids` so far, or undefined once any of them is gone (a server died). */
function cpuMsOf(pids) {
  let sum = 0;
  for (const pid of pids) {
    const ms = processCpuMs(pid);
    if (ms === undefined) return undefined;
    sum += ms;
  }
  return sum;
}

function memoryMiBOf(pids) {
  const sum = { rss: 0, pss: 0 };
  for (const pid of pids) {
    const m = memoryOf(pid);
    sum.rss += m.rss;
    sum.pss += m.pss;
  }
  return { rssMiB: sum.rss / 1024, pssMiB: sum.pss / 1024 };
}

/**
 * Every player of game g connects from 127.0.0.(10 + its seat): a game server budgets the
 * sockets that have not said hello yet per address, and real players come from addresses of
 * their own.
 */
const seatAddresses = (games, players) =>
  Array.from({ length: games * players }, (_, i) => `127.0.0.${10 + (i % players)}`);

export async function measureMany({ kind, games, players, hz, windowMs, warmMs, poolRooms }) {
  const server = child('./serve-many.mjs');
  let clients;
  const n = games * players;
  try {
    const started = performance.now();
    server.send({ kind, games, players, hz, poolRooms, startTimeoutMs: START_TIMEOUT_MS });
    const listening = await next(server, 'listening', START_TIMEOUT_MS + START_CLEANUP_MS);
    const startMs = performance.now() - started;
    const { urls, firstFrames, startFrames, replyToWelcome, pids } = listening;
    clients = child('../support/game-clients.mjs');
    // A room's first player is its host (Parlor): the hosts open and are welcomed first.
    const hosts = Array.from({ length: games }, (_, g) => g * players);
    clients.send({
      urls,
      firstFrames,
      replyToWelcome,
      count: n,
      localAddresses: seatAddresses(games, players),
      firstWave: startFrames ? hosts : [],
      timedSockets: hosts,
      timeoutMs: JOIN_TIMEOUT_MS,
    });
    const joined = await next(clients, 'joined', JOIN_TIMEOUT_MS + 10_000);
    server.send({ type: 'start' });
    if (startFrames) {
      clients.send({ type: 'send', frames: startFrames });
      await next(clients, 'send');
    }
    await sleep(warmMs);
    const c0 = await ask(clients, 'count');
    const cpu0 = cpuMsOf(pids);
    const clientCpu0 = processCpuMs(clients.pid);
    const t0 = performance.now();
    await sleep(windowMs);
    const c1 = await ask(clients, 'count');
    const cpu1 = cpuMsOf(pids);
    const clientCpu1 = processCpuMs(clients.pid);
    const seconds = (performance.now() - t0) / 1000;
    const alive = cpu0 !== undefined && cpu1 !== undefined;
    const deliveries = c1.received - c0.received;
    const jitter = c1.intervals.map((ms) => Math.abs(ms - 1000 / hz)).sort((a, b) => a - b);
    return {
      kind,
      games,
      players,
      n,
      processes: pids.length,
      joinedAll: joined.all,
      serversAlive: alive,
      errors: c1.errors, // the client process counts from the start, joins included
      startMs,
      joinMs: joined.ms,
      updateHz: deliveries / seconds / n,
      cpuUsPerDelivery: alive ? ((cpu1 - cpu0) * 1000) / Math.max(1, deliveries) : NaN,
      // Cores busy in the window: near the machine's count, the run was CPU-bound, not late.
      serverCores: alive ? (cpu1 - cpu0) / 1000 / seconds : NaN,
      clientCores: (clientCpu1 - clientCpu0) / 1000 / seconds,
      ...(alive ? memoryMiBOf(pids) : { rssMiB: NaN, pssMiB: NaN }),
      jitterP50Ms: pct(jitter, 0.5),
      jitterP99Ms: pct(jitter, 0.99),
    };
  } finally {
    for (const p of [clients, server]) if (p?.connected) p.send({ type: 'stop' });
    await Promise.all([server, clients].filter(Boolean).map((p) => exited(p, STOP_TIMEOUT_MS)));
  }
}

/** The same honesty checks as for one room, and every server process still running. */
export const manyFailures = (r, hz) => [
  ...failures(r, hz),
  ...(r.serversAlive ? [] : ['a server process exited during the run']),
];
