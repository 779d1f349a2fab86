// What an idle signed-in realtime socket costs the control plane (issue 17), beside the targets:
// at most 10 KiB per socket, and /healthz p99 under 50 ms with them all open.
//
// The server (PGlite) runs in a child process with --expose-gc, seeded with one session per
// socket (idle-socket-server.mjs says how, and what is skipped); the clients are another child
// process, opening the sockets from many loopback addresses (127.0.x.y) so that the default
// per-address cap applies as it would to separate clients. A warm-up batch opens and closes
// first (compiled code and pools are not a socket's cost); then memory is read after a full
// collection with 0 sockets and again with N idle ones, and /healthz is timed from this process
// while they stay open. Bounded: one pass, a fixed window, and a deadline for the whole run.
//
// Options: --sockets=N (20,000; --quick 2,000), --per-user=K sockets per user (1: every socket
// its own user, the strictest count), --window-s=S of /healthz probing (20), --snapshot=DIR to
// write heap snapshots of the server at 0 and N sockets (for a diff in Chrome's DevTools),
// --cpu-prof=DIR to write the server's CPU profile (bench/support/profile-top.mjs reads it).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { probeHealthFor as probeHealth } from './support/healthz-probe.mjs';

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const QUICK = process.argv.includes('--quick');
const WANTED = Number(arg('sockets', QUICK ? 2_000 : 20_000));
const PER_USER = Number(arg('per-user', 1));
const WINDOW_MS = Number(arg('window-s', 20)) * 1000;
const SNAPSHOT_DIR = arg('snapshot', undefined);
const CPU_PROFILE_DIR = arg('cpu-prof', undefined);
const WARM_UP = 200;
const PER_ADDRESS = 60; // under the default cap of 64 per address
const DEADLINE_MS = 10 * 60_000;
const TARGET_BYTES = 10 * 1024;
const TARGET_P99_MS = 50;

// Each process's own descriptors: the server holds one per socket, plus its files and pipes.
const openFiles = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))[1]);
const SOCKETS = Math.min(WANTED, openFiles - 300);
if (SOCKETS < WANTED)
  console.log(`(open files are capped at ${openFiles} here and could not be raised: ${SOCKETS} sockets)`);

const support = (file) => new URL(`./support/${file}`, import.meta.url);
const children = [];
const deadline = setTimeout(() => {
  console.error(`realtime-idle: not done within ${DEADLINE_MS / 60_000} min, giving up`);
  for (const child of children) if (child.exitCode === null) child.kill();
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();
const spawnChild = (file, execArgv = []) => {
  const child = fork(support(file), { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
};
const ask = (child, message, reply) =>
  new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`${path.basename(child.spawnargs.at(-1))} exited (${code})`));
    const onMessage = (m) => {
      if (m.type !== reply) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(m);
    };
    child.on('message', onMessage).once('exit', onExit);
    child.send(message);
  });

async function openClients(url, tokens) {
  const clients = spawnChild('idle-socket-clients.mjs');
  const t0 = performance.now();
  const { outcome } = await ask(clients, { url, tokens, perAddress: PER_ADDRESS, concurrency: 64 }, 'opened');
  return { clients, outcome, seconds: (performance.now() - t0) / 1000 };
}

const until = async (check, ms) => {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 250));
  }
};
const snapshot = async (server, name) =>
  SNAPSHOT_DIR
    ? (await ask(server, { type: 'snapshot', file: path.join(SNAPSHOT_DIR, name) }, 'snapshot')).file
    : undefined;

try {
  console.log(
    `Realtime idle bench: ${SOCKETS.toLocaleString('en-US')} signed-in sockets, ${PER_USER} per user, ` +
      `${PER_ADDRESS} per loopback address, one Parlor on PGlite`,
  );
  const server = spawnChild('idle-socket-server.mjs', [
    '--expose-gc',
    ...(CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : []),
  ]);
  const users = Math.ceil((SOCKETS + WARM_UP) / PER_USER);
  const t0 = performance.now();
  const { url, tokens, seedMs } = await ask(server, { env: {}, users, sessions: SOCKETS + WARM_UP }, 'ready');
  console.log(
    `  started in ${((performance.now() - t0 - seedMs) / 1000).toFixed(1)} s; ` +
      `seeded ${users} users and ${tokens.length} sessions in ${(seedMs / 1000).toFixed(1)} s`,
  );
  const sockets = async () => (await ask(server, { type: 'memory' }, 'memory')).sockets;

  const warm = await openClients(url, tokens.slice(0, WARM_UP));
  warm.clients.send({ type: 'stop' });
  await until(async () => (await sockets()) === 0, 30_000);
  await new Promise((r) => setTimeout(r, 2_000));
  const before = await ask(server, { type: 'memory' }, 'memory');
  const snap0 = await snapshot(server, 'idle-0.heapsnapshot');

  const { clients, outcome, seconds } = await openClients(url, tokens.slice(WARM_UP));
  console.log(`  opened in ${seconds.toFixed(1)} s: ${JSON.stringify(outcome)}`);
  // Idle: the opening work (auth, presence, stats) is done and nothing moves but heartbeats.
  await new Promise((r) => setTimeout(r, 5_000));
  const after = await ask(server, { type: 'memory' }, 'memory');
  const snapN = await snapshot(server, `idle-${SOCKETS}.heapsnapshot`);
  const health = await probeHealth(url, WINDOW_MS);
  const still = await ask(clients, { type: 'count' }, 'count');

  const n = after.sockets - before.sockets;
  const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;
  const perSocket = (key) => (after[key] - before[key]) / n;
  const verdict = (ok) => (ok ? 'meets it' : 'MISSES it');
  console.log(`  sockets signed in on the server: ${n} (still open after the probe: ${still.stillOpen})`);
  console.log(
    `  RSS per socket:           ${kib(perSocket('rss'))}   target ≤ ${kib(TARGET_BYTES)}: ${verdict(perSocket('rss') <= TARGET_BYTES)}`,
  );
  if (n < 10_000)
    console.log(
      `  (RSS moves by tens of MiB on its own here: PGlite, the allocator; at ${n} sockets trust the heap)`,
    );
  console.log(`  JS heap per socket:       ${kib(perSocket('heapUsed'))}   (same target, heap alone)`);
  console.log(`  external+buffers/socket:  ${kib(perSocket('external'))}`);
  console.log(
    `  RSS ${(before.rss / 2 ** 20).toFixed(0)} → ${(after.rss / 2 ** 20).toFixed(0)} MiB, ` +
      `heap ${(before.heapUsed / 2 ** 20).toFixed(0)} → ${(after.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  const ms = (v) => `${v.toFixed(1)} ms`;
  console.log(
    `  /healthz with them open:  p50 ${ms(health.p50)}  p99 ${ms(health.p99)}  max ${ms(health.max)}  ` +
      `(${health.requests} requests in ${WINDOW_MS / 1000} s)   target p99 < ${TARGET_P99_MS} ms: ${verdict(health.p99 < TARGET_P99_MS)}`,
  );
  if (snap0) console.log(`  heap snapshots: ${snap0} ${snapN}`);
  clients.send({ type: 'stop' });
  await ask(server, { type: 'stop' }, 'never').catch(() => {});
} finally {
  for (const child of children) if (child.exitCode === null) child.kill();
}
