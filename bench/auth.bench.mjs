// Auth benchmark: one run measures, on this machine,
//   1. requests/s of GET /healthz vs authenticated GET /v1/me (target ratio >= 0.8), and
//   2. logins/s vs the raw argon2id verify rate on all cores (target ratio >= 0.9).
// The server runs in a child process (a real listener on 127.0.0.1:0, PGlite in a temp dir,
// production logging at info level into /dev/null) so the load generator does not share its
// event loop. Run with `npm run bench:auth` (builds first). Each figure is measured in
// BENCH_ROUNDS rounds (5) of BENCH_SECONDS (3) for logins, three times as many rounds a third as
// long for requests, each alternating with its baseline, after a warm-up (BENCH_WARMUP, 15 s of
// logins): about a minute and a half in all. On Linux it also prints the machine's CPU time per
// raw verify and per login, and the share of time the hypervisor stole.
import { fork, spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { ARGON2_SETTINGS, hasher, verifyWhile } from './support/argon2-load.mjs';
import { leanLoad } from './support/lean-load.mjs';
import { machineBusyMs, ownCpuMs, processCpuMs, stealMeter } from './support/cpu-time.mjs';
import { signUpAndIn } from './support/sign-up.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 15);
const USER = { username: 'bench_user', password: 'a long benchmark passphrase' };

if (process.argv[2] === 'serve') await serve();
else await drive();

async function serve() {
  const { serveParlor } = await import('./support/serve-parlor.mjs');
  const database = process.env.BENCH_DATABASE_URL;
  const { url, stop } = await serveParlor(database ? { DATABASE_URL: database } : {});
  process.send({ address: url });
  process.on('message', async (msg) => {
    if (msg !== 'stop') return;
    await stop();
    process.exit(0);
  });
}

async function drive() {
  // The server runs as `npm start` runs it: libuv's pool sized to the cores, so argon2 hashes
  // do not outnumber them (see the README). The raw argon2 rate is measured here the same way,
  // which is its best on this machine (more threads than cores thrash: memory-hard hashes).
  // libuv sizes its pool when the process starts, so the bench starts itself again if need be.
  const threadpool = process.env.UV_THREADPOOL_SIZE ?? String(os.availableParallelism());
  if (process.env.UV_THREADPOOL_SIZE !== threadpool) {
    const again = spawnSync(process.execPath, process.argv.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, UV_THREADPOOL_SIZE: threadpool },
    });
    process.exit(again.status ?? 1);
  }
  const autocannon = (await import('autocannon')).default;
  const database = await benchDatabase();
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: threadpool, BENCH_DATABASE_URL: database.url ?? '' },
    execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/parlor-prof'] : [],
  });
  const { address } = await new Promise((resolve) => child.once('message', resolve));
  const cores = os.availableParallelism();
  const token = await signUpAndIn(address, USER);
  const load = (opts) =>
    new Promise((resolve, reject) =>
      autocannon({ duration: SECONDS, connections: 32, ...opts }, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  const checkOk = (name, res) => {
    if (res.non2xx > 0 || res.errors > 0)
      throw new Error(`${name}: ${res.non2xx} non-2xx, ${res.errors} errors`);
  };

  console.log(
    `Parlor auth bench: ${cores} cores, UV_THREADPOOL_SIZE=${threadpool} (server and raw argon2), storage ${database.url ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}, ${ROUNDS * 3} rounds of ${SECONDS / 3} s per request figure, ${ROUNDS} of ${SECONDS} s per login figure, ${address}`,
  );
  const headers = { authorization: `Bearer ${token}` };
  const healthz = (duration) => load({ url: `${address}/healthz`, duration });
  const me = (duration) => load({ url: `${address}/v1/me`, headers, duration });
  // Logins through the lean load generator: on a machine this small, autocannon's own CPU per
  // request would be taken from argon2 (see support/lean-load.mjs).
  const logins = (seconds) =>
    leanLoad({
      address,
      method: 'POST',
      path: '/v1/sessions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(USER),
      connections: cores * 2,
      seconds,
    });
  // The raw rate the argon2 parameters allow: verifies of a real hash by the server's own
  // hasher, enough in flight to keep every core busy.
  const stored = await hasher.hash(USER.password);
  const rawArgon2 = async (seconds) => {
    const until = Date.now() + seconds * 1000;
    const done = await verifyWhile(stored, USER.password, cores * 2, () => Date.now() < until);
    return { requests: { total: done }, non2xx: 0, errors: 0, duration: undefined };
  };

  // Warm-up, so the figures are a running server's and not its JIT compiler's. Logins come a
  // hundred times more slowly than requests, so they take far longer to reach that state: after
  // 2 s of logins V8 is still optimising their code on other threads, about 0.6 ms of CPU per
  // login that a server warmed for 20 s no longer spends (measured from /proc per thread).
  await load({ url: `${address}/v1/me`, headers, duration: 1 });
  await logins(WARMUP_SECONDS);
  // Each figure alternates with its baseline in short rounds, so a change in the machine's
  // other load hits both alike; each ratio is taken within a round, and the median over rounds
  // is reported with its range (this VM's neighbours move the same route's rate by a third
  // from one few-second stretch to the next, so short rounds cancel more of it than long ones).
  const alternate = async (pair, rounds, seconds) => {
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const rates = {};
      for (const [name, run] of Object.entries(pair)) {
        const started = performance.now();
        const res = await run(seconds);
        checkOk(name, res);
        // autocannon's own window where it has one; the argon2 loop's wall time (tail included).
        rates[name] = res.requests.total / (res.duration ?? (performance.now() - started) / 1000);
      }
      results.push(rates);
    }
    return results;
  };
  // CPU time per verify and per login, summed over the rounds: the machine's whole busy time
  // (so a PostgreSQL backend and the kernel count too) and, of a login's, the server's and the
  // load generator's shares. Time stolen by the hypervisor or left idle does not enter (Linux).
  const cpu = { verifies: 0, verifyMs: 0, logins: 0, loginMs: 0, serverMs: 0, loadMs: 0 };
  const timed = async (run, seconds, add) => {
    const before = [machineBusyMs(), processCpuMs(child.pid), ownCpuMs()];
    const res = await run(seconds);
    const after = [machineBusyMs(), processCpuMs(child.pid), ownCpuMs()];
    add(res.requests.total, ...after.map((value, i) => (value ?? NaN) - (before[i] ?? NaN)));
    return res;
  };
  const rawArgon2Timed = (seconds) =>
    timed(rawArgon2, seconds, (count, machine) => {
      cpu.verifies += count;
      cpu.verifyMs += machine;
    });
  const loginsTimed = (seconds) =>
    timed(logins, seconds, (count, machine, server, load) => {
      cpu.logins += count;
      cpu.loginMs += machine;
      cpu.serverMs += server;
      cpu.loadMs += load;
    });
  const steal = stealMeter();
  const requests = await alternate({ healthz, me }, ROUNDS * 3, SECONDS / 3);
  const hashing = await alternate({ argon2: rawArgon2Timed, logins: loginsTimed }, ROUNDS, SECONDS);
  const rounds = [...requests, ...hashing];
  if (process.env.BENCH_VERBOSE)
    for (const r of rounds)
      console.log(
        Object.entries(r)
          .map(([name, rate]) => `${name} ${rate.toFixed(0)}`)
          .join('  '),
      );
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const measured = (name) => rounds.filter((r) => name in r);
  const per = (name) => median(measured(name).map((r) => r[name]));
  const ratios = (a, b) => measured(a).map((r) => r[a] / r[b]);
  const summary = (values) =>
    `${median(values).toFixed(3)} (rounds ${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)})`;
  const authRatio = summary(ratios('me', 'healthz'));
  const loginRatio = summary(ratios('logins', 'argon2'));

  const fmt = (n) => n.toFixed(1).padStart(9);
  // Other work on the machine skews both ratios (it takes cores from argon2 and the server alike).
  console.log(
    `load average during the run: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}; CPU time taken by the hypervisor (steal): ${steal.stop()}`,
  );
  console.log(`GET /healthz              ${fmt(per('healthz'))} req/s`);
  console.log(`GET /v1/me (session)      ${fmt(per('me'))} req/s   ratio ${authRatio} (target >= 0.8)`);
  console.log(
    `argon2id verify, raw      ${fmt(per('argon2'))} /s      (${ARGON2_SETTINGS}, ${cores * 2} in flight)`,
  );
  console.log(`POST /v1/sessions (login) ${fmt(per('logins'))} req/s   ratio ${loginRatio} (target >= 0.9)`);
  if (Number.isFinite(cpu.loginMs)) {
    const ms = (total, count) => (total / count).toFixed(2);
    console.log(
      `machine CPU per raw verify ${ms(cpu.verifyMs, cpu.verifies)} ms, per login ` +
        `${ms(cpu.loginMs, cpu.logins)} ms (server ${ms(cpu.serverMs, cpu.logins)}, load generator ` +
        `${ms(cpu.loadMs, cpu.logins)}): ratio ${(cpu.verifyMs / cpu.verifies / (cpu.loginMs / cpu.logins)).toFixed(3)}`,
    );
  }
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  await database.drop();
}

/** With DATABASE_URL set, a database of the bench's own on that server (dropped after); else PGlite. */
async function benchDatabase() {
  if (!process.env.DATABASE_URL) return { url: undefined, drop: async () => {} };
  const pg = (await import('pg')).default;
  const name = `parlor_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const again = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
