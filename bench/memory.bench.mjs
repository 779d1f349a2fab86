// Resident memory of the embedded control plane (PGlite), as `npm start` runs it: the real
// main.js in a child process on a fresh data folder, read from /proc once /readyz answers
// (first start: it creates the database), then again after a restart on the same folder (the
// usual case: the data exists), and then in that same process once BENCH_USERS (1,000) users
// have signed up and in through the API and each holds an open realtime socket. Bounded: three
// readings; the sign-ups stop with an error after BENCH_SIGNUP_SECONDS (600), argon2 being
// what takes the time.
// With --pooled: games per GiB instead, idle built-in games through the process launcher (one
// process per game) and the pooled launcher (PARLOR_GAME_POOL_ROOMS rooms a process, default
// 50): BENCH_PROCESS_GAMES (50) and BENCH_POOLED_GAMES (50,250). Bounded: 60 s per launch.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bringUsersOnline } from './support/online-users.mjs';

const main = new URL('../packages/server/dist/main.js', import.meta.url).pathname;
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Starts main.js on `dataDir`; resolves once /readyz answers and start-up work has settled. */
async function start(dataDir, port) {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PARLOR_DATA_DIR: dataDir,
      PARLOR_PORT: String(port),
      PARLOR_HOST: '127.0.0.1',
      PARLOR_LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const t0 = performance.now();
  for (;;) {
    if (performance.now() - t0 > 60_000) throw new Error('no /readyz within 60 s');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  // Let start-up work (first maintenance pass, timers) settle before reading.
  await settle();
  return {
    url: `http://127.0.0.1:${port}`,
    rss: () => rssMiB(child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 2_000));

if (process.argv.includes('--pooled')) {
  await gamesPerGiB();
  process.exit(0);
}

async function gamesPerGiB() {
  const { createRequire } = await import('node:module');
  const { ProcessLauncher } = await import('../packages/server/dist/matchmaker/process-launcher.js');
  const { PooledProcessLauncher } = await import('../packages/server/dist/matchmaker/pooled-launcher.js');
  const { createLogger } = await import('../packages/server/dist/platform/logger.js');
  const { startReadyStub } = await import('./support/raw-launch.mjs');
  const { measureGamesPerGiB } = await import('./support/games-per-gib.mjs');
  const require = createRequire(import.meta.url);
  const rooms = Number(process.env.PARLOR_GAME_POOL_ROOMS ?? 50);
  const counts = (name, fallback) => (process.env[name] ?? fallback).split(',').map(Number);
  const logger = createLogger('silent');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parlor-games-per-gib-'));
  const stub = await startReadyStub();
  const single = () =>
    new ProcessLauncher({
      entry: require.resolve('@parlor/game-server/main'),
      dataDir: dir,
      host: '127.0.0.1',
      publicHost: '127.0.0.1',
      logger,
    });
  const pooled = () =>
    new PooledProcessLauncher({
      entry: require.resolve('@parlor/game-server/pool-main'),
      dataDir: dir,
      host: '127.0.0.1',
      publicHost: '127.0.0.1',
      roomsPerProcess: rooms,
      logger,
      single: single(),
    });
  const line = (name, r) =>
    console.log(
      `  ${name.padEnd(34)} ${String(r.games).padStart(4)} games ${String(r.processes).padStart(3)} processes  ` +
        `per game: RSS ${r.rssMiB.toFixed(1)} MiB, PSS ${r.pssMiB.toFixed(1)} MiB, private ${r.privateMiB.toFixed(1)} MiB  ` +
        `=> ${r.gamesPerGiB.toFixed(0)} games per GiB (PSS)`,
    );
  console.log(
    `idle waiting games (gem-rush), game-server memory from /proc/<pid>/smaps_rollup (target: >= 100 games per GiB pooled)`,
  );
  try {
    for (const games of counts('BENCH_PROCESS_GAMES', '50'))
      line(
        'process launcher (one per game)',
        await measureGamesPerGiB({ launcher: single(), stub, games, timeoutMs: 60_000 }),
      );
    for (const games of counts('BENCH_POOLED_GAMES', '50,250'))
      line(
        `pooled, ${rooms} rooms a process`,
        await measureGamesPerGiB({ launcher: pooled(), stub, games, timeoutMs: 60_000 }),
      );
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const USERS = Number(process.env.BENCH_USERS ?? 1000);
const SIGNUP_SECONDS = Number(process.env.BENCH_SIGNUP_SECONDS ?? 600);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-memory-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const line = (label, mib, target) =>
  console.log(`  ${label.padEnd(44)} ${mib.toFixed(0).padStart(4)} MiB   (target: under ${target} MiB)`);
try {
  console.log('embedded control plane (PGlite), resident memory (VmRSS)');
  const first = await start(dataDir, port);
  line('first start (creates the database)', first.rss(), 250);
  await first.stop();
  const again = await start(dataDir, port);
  line('restart on the same data', again.rss(), 250);
  try {
    const online = await bringUsersOnline(again.url, { count: USERS, deadlineMs: SIGNUP_SECONDS * 1000 });
    await settle();
    line(`restart + ${online.sockets.length} signed-in users online`, again.rss(), 300);
    console.log(`  (${USERS} sign-ups and sign-ins took ${(online.signUpMs / 1000).toFixed(0)} s)`);
    online.close();
  } finally {
    await again.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
