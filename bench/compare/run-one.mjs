// Measures one server kind with n clients: the server in one child process, the clients in
// another (bench/support/game-clients.mjs, the same for every kind), a warm-up, then a window.
import { fork } from 'node:child_process';

const SAMPLED_SOCKETS = 50;

const child = (file, args = []) =>
  fork(new URL(file, import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const next = (proc, type) =>
  new Promise((resolve, reject) => {
    const onMessage = (m) => m.type === type && (proc.off('message', onMessage), resolve(m));
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`child exited (${code}) before '${type}'`)));
  });
const ask = (proc, type) => (proc.send({ type }), next(proc, type));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Latency of each sampled arrival: the time since the latest tick that started before it. */
function latencies(ticks, arrivals) {
  const out = [];
  let t = 0;
  for (const at of arrivals.sort((a, b) => a - b)) {
    while (t + 1 < ticks.length && ticks[t + 1] <= at) t += 1;
    if (ticks[t] <= at) out.push(at - ticks[t]);
  }
  return out.sort((a, b) => a - b);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export async function measure({ kind, n, hz, windowMs, warmMs, profileDir }) {
  const execArgv = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const server = fork(new URL('./serve-one.mjs', import.meta.url), {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const clients = child('../support/game-clients.mjs');
  try {
    server.send({ kind, hz, clients: n });
    const listening = await next(server, 'listening');
    const { url, urls, firstFrames, replyToWelcome } = listening;
    clients.send({
      url,
      urls,
      firstFrames,
      replyToWelcome,
      count: n,
      sampled: SAMPLED_SOCKETS,
      timeoutMs: 120_000,
    });
    const joined = await next(clients, 'joined');
    const afterJoin = await ask(server, 'usage');
    server.send({ type: 'start' });
    await sleep(warmMs);
    const c0 = await ask(clients, 'count');
    const u0 = await ask(server, 'usage');
    const t0 = performance.now();
    await sleep(windowMs);
    const c1 = await ask(clients, 'count');
    const u1 = await ask(server, 'usage');
    const seconds = (performance.now() - t0) / 1000;
    const deliveries = c1.received - c0.received;
    const lat = latencies([...u0.ticks, ...u1.ticks], c1.arrivals);
    return {
      kind,
      n,
      joinedAll: joined.all,
      errors: c1.errors, // the client process counts from the start, joins included
      joinMs: joined.ms,
      updateHz: deliveries / seconds / n,
      cpuUsPerDelivery: (u1.cpuUs - u0.cpuUs) / Math.max(1, deliveries),
      bytesPerDelivery: (c1.bytes - c0.bytes) / Math.max(1, deliveries),
      memoryPerConnectionKiB: (afterJoin.rss - listening.rss) / 1024 / n,
      deliveriesPerSec: deliveries / seconds,
      latencyP50Ms: pct(lat, 0.5),
      latencyP99Ms: pct(lat, 0.99),
    };
  } finally {
    clients.send({ type: 'stop' });
    server.send({ type: 'stop' });
    await Promise.all(
      [server, clients].map((p) => new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', r)))),
    );
  }
}

/** The honesty checks: a run that fails them shows why instead of figures. */
export function failures(r, hz) {
  const why = [];
  if (!r.joinedAll) why.push('not every client joined');
  if (r.errors > 0) why.push(`${r.errors} client errors`);
  if (r.updateHz < hz * 0.9) why.push(`update rate ${r.updateHz.toFixed(1)} Hz, under 90% of ${hz} Hz`);
  return why;
}
