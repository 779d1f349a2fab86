// The auth bench's first ratio again, in CPU instructions instead of seconds: the server runs
// under valgrind's callgrind (PGlite in a temp dir), and the instructions it executes per
// request are counted for GET /healthz and for the authenticated GET /v1/me, after a warm-up.
// Instruction counts do not move with the machine's other load, so this figure repeats from run
// to run where the requests-per-second ratio on a shared VM swings by a third. What it leaves
// out: the kernel's share (sockets, wakeups) and V8's optimizing compiler, which runs on its own
// threads while the code warms up. Run with `npm run bench:auth:instructions` (about 2 min).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signUpAndIn } from './support/sign-up.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 8000);
const USER = { username: 'bench_user', password: 'a long benchmark passphrase' };
// V8's compilers and GC work on helper threads in bursts; counted, they would drown the
// difference being measured.
const BACKGROUND =
  /compiler::|maglev|turboshaft|Baseline|baseline::|Zone::|RegisterAllocat|InstructionSelector/i;

if (process.argv[2] === 'serve') await serve();
else await drive();

async function serve() {
  const { serveParlor } = await import('./support/serve-parlor.mjs');
  const { url } = await serveParlor({ PARLOR_DATA_DIR: process.env.BENCH_DATA_DIR });
  console.log(`LISTENING ${url}`);
}

async function drive() {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.log('auth instructions bench: skipped (valgrind is not installed)');
    return;
  }
  const autocannon = (await import('autocannon')).default;
  const work = mkdtempSync(path.join(os.tmpdir(), 'parlor-instructions-'));
  const server = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${work}/callgrind.%p`,
      process.execPath,
      fileURLToPath(import.meta.url),
      'serve',
    ],
    { env: { ...process.env, BENCH_DATA_DIR: path.join(work, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let pid;
  server.stderr.on('data', (chunk) => (pid ??= /==(\d+)==/.exec(chunk.toString())?.[1]));
  const address = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      const match = /LISTENING (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`server under valgrind exited (${code})`)));
  });
  const token = await signUpAndIn(address, USER);
  const routes = {
    healthz: { url: `${address}/healthz` },
    me: { url: `${address}/v1/me`, headers: { authorization: `Bearer ${token}` } },
  };
  const load = (route, amount) =>
    new Promise((resolve, reject) =>
      autocannon({ ...route, amount, connections: 8 }, (err, res) => {
        if (err) return reject(err);
        if (res.non2xx || res.errors) return reject(new Error(`${route.url}: ${res.non2xx} non-2xx`));
        resolve(res);
      }),
    );
  const control = (...args) => execFileSync('callgrind_control', [...args, pid], { stdio: 'ignore' });

  console.log(`Parlor auth instructions bench: ${WARMUP} warm-up and ${REQUESTS} counted requests per route`);
  for (let round = 0; round < 2; round++)
    for (const route of Object.values(routes)) await load(route, WARMUP / 2);
  const perRequest = {};
  for (const [name, route] of Object.entries(routes)) {
    control('-z');
    control('-i', 'on');
    await load(route, REQUESTS);
    control('-i', 'off');
    control('-d', name);
    perRequest[name] = counted(work, pid, name) / REQUESTS;
  }
  server.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });

  const fmt = (n) => Math.round(n).toLocaleString('en').padStart(9);
  console.log(`GET /healthz              ${fmt(perRequest.healthz)} instructions/request`);
  console.log(
    `GET /v1/me (session)      ${fmt(perRequest.me)} instructions/request   ratio ${(perRequest.healthz / perRequest.me).toFixed(3)} (target >= 0.8)`,
  );
}

/** Instructions in the dump triggered as `name`, V8's background compilation left out. */
function counted(work, pid, name) {
  const file = readdirSync(work)
    .map((f) => path.join(work, f))
    .find((f) => f.startsWith(path.join(work, `callgrind.${pid}.`)) && dumpName(f) === name);
  const annotated = execFileSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', file], {
    maxBuffer: 64 << 20,
  }).toString();
  let total = 0;
  for (const line of annotated.split('\n')) {
    const match = /^\s*([\d,]+) \([\s\d.]+%\)\s+(.*)$/.exec(line);
    if (match && !match[2].includes('PROGRAM TOTALS') && !BACKGROUND.test(match[2]))
      total += Number(match[1].replaceAll(',', ''));
  }
  return total;
}

function dumpName(file) {
  const head = execFileSync('head', ['-c', '2000', file]).toString();
  return /Trigger: dump (\S+)/.exec(head)?.[1];
}
