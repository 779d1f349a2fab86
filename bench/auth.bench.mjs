// Auth benchmark: one run measures, on this machine,
//   1. requests/s of GET /healthz vs authenticated GET /v1/me (target ratio >= 0.8), and
//   2. logins/s vs the raw argon2id verify rate on all cores (target ratio >= 0.9).
// The server runs in a child process (a real listener on 127.0.0.1:0, PGlite in a temp dir,
// production logging at info level into /dev/null) so the load generator does not share its
// event loop. Run with `npm run bench:auth` (builds first). Each figure is measured in
// BENCH_ROUNDS rounds (5) of BENCH_SECONDS (3), alternating with its baseline: about a minute in all.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const USER = { username: 'bench_user', password: 'a long benchmark passphrase' };
const dist = (file) => new URL(`../packages/server/dist/${file}`, import.meta.url).href;

if (process.argv[2] === 'serve') await serve();
else await drive();

async function serve() {
  const { createParlor } = await import(dist('compose.js'));
  const { loadConfig } = await import(dist('config.js'));
  const { createLogger } = await import(dist('platform/logger.js'));
  const { openAdapters, closeAdapters } = await import(dist('adapters.js'));
  const pino = (await import('pino')).default;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-bench-'));
  const config = loadConfig({
    PARLOR_DATA_DIR: dataDir,
    PARLOR_LOGIN_IP_PER_MINUTE: '100000',
    PARLOR_REGISTER_IP_PER_HOUR: '100000',
  });
  const logger = createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: false }));
  const adapters = await openAdapters(config, logger);
  const parlor = await createParlor({ config, adapters, logger });
  const address = await parlor.app.listen({ host: '127.0.0.1', port: 0 });
  process.send({ address });
  process.on('message', async (msg) => {
    if (msg !== 'stop') return;
    await parlor.close();
    await closeAdapters(adapters);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

async function drive() {
  const autocannon = (await import('autocannon')).default;
  const argon2 = await import('@node-rs/argon2');
  // The server runs as `npm start` runs it: libuv's pool sized to the cores, so argon2 hashes
  // do not outnumber them (see the README).
  const threadpool = process.env.UV_THREADPOOL_SIZE ?? String(os.availableParallelism());
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    stdio: 'inherit',
    env: { ...process.env, UV_THREADPOOL_SIZE: threadpool },
    execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/parlor-prof'] : [],
  });
  const { address } = await new Promise((resolve) => child.once('message', resolve));
  const cores = os.availableParallelism();
  const post = (url, body) =>
    fetch(`${address}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));

  await post('/v1/accounts', USER);
  const { body: session } = await post('/v1/sessions', USER);
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
    `Parlor auth bench: ${cores} cores, server UV_THREADPOOL_SIZE=${threadpool}, ${ROUNDS} rounds of ${SECONDS} s per measurement, ${address}`,
  );
  const headers = { authorization: `Bearer ${session.token}` };
  const healthz = () => load({ url: `${address}/healthz` });
  const me = () => load({ url: `${address}/v1/me`, headers });
  const logins = () =>
    load({
      url: `${address}/v1/sessions`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(USER),
      connections: cores * 2,
    });
  // The raw rate the argon2 parameters allow: verifies of a real hash, enough in flight to
  // keep every core busy (they run on libuv's thread pool, as the server's do).
  const params = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };
  const hash = await argon2.hash(USER.password, params);
  const rawArgon2 = async () => {
    let done = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: cores * 2 }, async () => {
        while (Date.now() < until) if (await argon2.verify(hash, USER.password)) done++;
      }),
    );
    return { requests: { total: done }, non2xx: 0, errors: 0, duration: undefined };
  };

  await load({ url: `${address}/v1/me`, headers, duration: 1 }); // warm-up
  // A and B alternate round by round, so a change in the machine's other load hits both alike;
  // each ratio is taken within a round, and the median over rounds is reported with its range
  // (this VM's neighbours move single rounds by a fifth or more).
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const rates = {};
    for (const [name, run] of Object.entries({ healthz, me, argon2: rawArgon2, logins })) {
      const started = performance.now();
      const res = await run();
      checkOk(name, res);
      // autocannon's own window where it has one; the argon2 loop's wall time (tail included).
      rates[name] = res.requests.total / (res.duration ?? (performance.now() - started) / 1000);
    }
    rounds.push(rates);
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const per = (name) => median(rounds.map((r) => r[name]));
  const ratios = (a, b) => rounds.map((r) => r[a] / r[b]);
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
      .join(', ')}`,
  );
  console.log(`GET /healthz              ${fmt(per('healthz'))} req/s`);
  console.log(`GET /v1/me (session)      ${fmt(per('me'))} req/s   ratio ${authRatio} (target >= 0.8)`);
  console.log(
    `argon2id verify, raw      ${fmt(per('argon2'))} /s      (m=19456 KiB, t=2, p=1, ${cores * 2} in flight)`,
  );
  console.log(`POST /v1/sessions (login) ${fmt(per('logins'))} req/s   ratio ${loginRatio} (target >= 0.9)`);
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
}
