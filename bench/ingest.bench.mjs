// Usage ingest benchmark: POST /v1/metrics through the usage simulator, beside the same
// server's bare GET /healthz in the same run, on PGlite and (when DATABASE_URL is set) on
// PostgreSQL. Each server is the real composition root on 127.0.0.1:0 (built packages; `npm
// run bench:ingest` builds first); the load comes from this process over HTTP at up to
// BENCH_RATE (4000) requests/s with BENCH_CONCURRENCY (16) in flight for BENCH_SECONDS (10) per
// phase, after a 2 s warm-up. BENCH_USERS (2000) players on a 1000-player plan: the first pass
// over them creates players (half of them without a seat), later reports are known players.
// The per-key rate limit is raised out of the way. Loopback only; numbers are not asserted.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { pacedLoad } from './support/paced-load.mjs';
import { serveParlor } from './support/serve-parlor.mjs';
import { simulateUsage } from './support/usage-simulator.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const USERS = Number(process.env.BENCH_USERS ?? 2000);
const USER = { username: 'bench_studio', password: 'a long benchmark passphrase' };

async function call(url, method, route, body, token) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function benchDriver(name, env, cleanup) {
  const { url, stop } = await serveParlor({
    PARLOR_PLANS: 'bench:1000,big:unlimited',
    PARLOR_METRICS_REPORTS_PER_SECOND: '100000',
    ...env,
  });
  try {
    await call(url, 'POST', '/v1/accounts', USER);
    const { token } = await call(url, 'POST', '/v1/sessions', USER);
    const studio = await call(url, 'POST', '/v1/studios', { name: 'Bench Studio' }, token);
    const { key } = await call(
      url,
      'POST',
      `/v1/studios/${studio.id}/api-keys`,
      { name: 'bench', role: 'metrics-reporter' },
      token,
    );
    const load = { rate: RATE, concurrency: CONCURRENCY, durationMs: SECONDS * 1000 };
    const healthz = () => pacedLoad({ url, ...load, request: () => ({ method: 'GET', path: '/healthz' }) });
    await pacedLoad({ url, ...load, durationMs: 2000, request: () => ({ method: 'GET', path: '/healthz' }) });
    await simulateUsage({
      url,
      key,
      users: 50,
      rate: RATE,
      durationMs: 2000,
      concurrency: CONCURRENCY,
      prefix: 'warm-',
    });
    const health = await healthz();
    const ingest = await simulateUsage({
      url,
      key,
      users: USERS,
      rate: RATE,
      durationMs: SECONDS * 1000,
      concurrency: CONCURRENCY,
    });
    const idempotent = await simulateUsage({
      url,
      key,
      users: USERS,
      rate: RATE,
      durationMs: SECONDS * 1000,
      concurrency: CONCURRENCY,
      idempotent: true,
    });
    const usage = await call(url, 'GET', `/v1/metrics?studioId=${studio.id}`, undefined, token);
    return { name, health, ingest, idempotent, usage };
  } finally {
    await stop();
    await cleanup?.();
  }
}

const perSecond = (r) => r.ok / (r.elapsedMs / 1000);
const row = (what, r) =>
  `  ${what.padEnd(34)} ${perSecond(r).toFixed(0).padStart(7)}/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99
    .toFixed(2)
    .padStart(7)} ms  errors ${JSON.stringify(r.errors)}`;

console.log(
  `ingest bench: ${os.cpus().length} CPUs, node ${process.version}; ${SECONDS} s per phase, ` +
    `≤ ${RATE}/s, ${CONCURRENCY} in flight, ${USERS} players on a 1000-player plan`,
);
const drivers = [['PGlite', {}, undefined]];
if (process.env.DATABASE_URL) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  drivers.push([
    'PostgreSQL',
    { DATABASE_URL: process.env.DATABASE_URL, PARLOR_DATABASE_SCHEMA: schema },
    async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  ]);
} else console.log('(PostgreSQL skipped: DATABASE_URL not set)');

for (const [name, env, cleanup] of drivers) {
  const r = await benchDriver(name, env, cleanup);
  console.log(`\n${r.name}`);
  console.log(row('GET /healthz', r.health));
  console.log(row('POST /v1/metrics', r.ingest));
  console.log(row('POST /v1/metrics + Idempotency-Key', r.idempotent));
  console.log(
    `  studio after the run: ${r.usage.activePlayers} active, ${r.usage.inactivePlayers} inactive, ` +
      `${r.usage.logins.today} logins today`,
  );
}
