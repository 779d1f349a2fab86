// Resident memory of the embedded control plane (PGlite), as `npm start` runs it: the real
// main.js in a child process on a fresh data folder, read from /proc once /readyz answers, then
// again after a restart on the same folder (the usual case: the data exists). Bounded: two
// starts, about a minute at most.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const main = new URL('../packages/server/dist/main.js', import.meta.url).pathname;
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

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
  await new Promise((r) => setTimeout(r, 2_000));
  const rss = rssMiB(child.pid);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { rss, readyMs: performance.now() - t0 };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-memory-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
try {
  const first = await start(dataDir, port);
  const again = await start(dataDir, port);
  console.log('embedded control plane (PGlite), resident memory after start (target: under 250 MiB)');
  console.log(`  first start (creates the database): ${first.rss.toFixed(0)} MiB`);
  console.log(`  restart on the same data:           ${again.rss.toFixed(0)} MiB`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
