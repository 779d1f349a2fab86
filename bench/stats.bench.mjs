// How fast the admin's stats answer at the size a busy Parlor reaches: a year of engagement for
// 100,000 users loaded into a fresh database, the year rolled up by the same code the
// housekeeping sweep runs, then every stats query timed warm (median and p95 of repeated runs)
// beside the 100 ms target. Half of today stays raw (not rolled up yet), as it would be.
//
// PostgreSQL (DATABASE_URL, default postgres://root@127.0.0.1:5432/test, in a schema of its own
// that is dropped afterwards) at BENCH_ACTIVE active users a day (default 5,000: ~19 million
// events, ~5.5 million activity rows), and PGlite at a tenth of that (BENCH_PGLITE_ACTIVE).
// BENCH_DB=postgres|pglite runs one. `npm run bench:stats` (several minutes).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CREATE_LOAD_INDEXES,
  countRows,
  DROP_LOAD_INDEXES,
  loadDay,
  loadUsers,
} from './support/stats-load.mjs';

const dist = (file) => new URL(`../packages/server/dist/${file}`, import.meta.url).href;
const { PostgresDb } = await import(dist('storage/postgres-db.js'));
const { PgliteDb } = await import(dist('storage/pglite-db.js'));
const { migrate } = await import(dist('storage/migrate.js'));
const { StatsRollupStore } = await import(dist('stats/rollup-store.js'));
const { StatsRollup } = await import(dist('stats/rollup.js'));
const { CountStore } = await import(dist('stats/count-store.js'));
const { DailyStore } = await import(dist('stats/daily-store.js'));
const { FigureReader } = await import(dist('stats/figure-reader.js'));
const { StatsQueries, OVERVIEW_TOTALS } = await import(dist('stats/stats-queries.js'));
const { align } = await import(dist('stats/ranges.js'));
const { UserFiguresStore } = await import(dist('stats/user-figures-store.js'));
const { UserDirectory } = await import(dist('identity/user-directory.js'));
const { AccountsStore } = await import(dist('identity/accounts-store.js'));

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 100;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// "Now" is today at noon UTC: the last 365 days are finished, half of today is not.
const today = Math.floor(Date.now() / DAY) * DAY;
const now = today + 12 * HOUR;
const clock = { now: () => new Date(now), nowMs: () => now };
const iso = (ms) => new Date(ms).toISOString();

async function openDb(kind) {
  if (kind === 'postgres') {
    const url = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
    const schema = `bench_stats_${randomBytes(4).toString('hex')}`;
    const db = await PostgresDb.open(url, { schema, max: 4 });
    return { db, drop: () => db.exec(`drop schema ${schema} cascade`).finally(() => db.close()) };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parlor-bench-stats-'));
  const db = await PgliteDb.open({ dataDir: dir });
  return { db, drop: () => db.close().finally(() => rmSync(dir, { recursive: true, force: true })) };
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function load(db, active) {
  await migrate(db);
  const yearStart = today - DAYS * DAY;
  await db.exec(DROP_LOAD_INDEXES);
  const loadMs = await timed(async () => {
    await loadUsers(db, USERS, new Date(yearStart));
    for (let d = 0; d <= DAYS; d++) {
      const day = yearStart + d * DAY;
      const seconds = day === today ? 12 * 3600 : 86_400;
      await loadDay(db, { day: new Date(day), active, users: USERS, dayNumber: d, seconds });
      if (d % 50 === 0) process.stdout.write(`  loaded day ${d}/${DAYS}\n`);
    }
    await db.exec(CREATE_LOAD_INDEXES);
  });
  if (db.driver === 'postgres') await db.exec('analyze');
  const rollup = new StatsRollup({ store: new StatsRollupStore(db), clock, retentionDays: 400 });
  let days = 0;
  const rollupMs = await timed(async () => (days = await rollup.rollUp()));
  if (db.driver === 'postgres') await db.exec('analyze');
  return { loadMs, rollupMs, days, rows: await countRows(db) };
}

function queriesOf(db) {
  const figures = new FigureReader({ counts: new CountStore(db), daily: new DailyStore(db) });
  const rollups = new StatsRollupStore(db);
  const part = (fn, range) => async () => {
    const r = align(range.from, range.to);
    return fn(r, await rollups.state());
  };
  const queries = new StatsQueries({
    figures,
    rollups: new StatsRollupStore(db),
    users: new UserFiguresStore(db),
    clock,
  });
  const directory = new UserDirectory({
    accounts: new AccountsStore(db, { seal: () => '', open: () => '' }),
    figures: new UserFiguresStore(db),
  });
  const year = { from: iso(today - 365 * DAY), to: iso(now) };
  const month = { from: iso(today - 30 * DAY), to: iso(now) };
  const week = { from: iso(today - 7 * DAY), to: iso(now) };
  const series = (metric, bucket, range) => () => queries.series({ metric, bucket, ...range });
  const someUser = '00000000-0000-4000-8000-' + (4242).toString(16).padStart(12, '0');
  return {
    'overview, last 30 days': () => queries.overview(month),
    'overview, last 365 days': () => queries.overview(year),
    '  part: active users, 365 days': part((r, st) => figures.activeUsers(r, st), year),
    '  part: totals, 365 days': part((r, st) => figures.totals(OVERVIEW_TOTALS, r, st), year),
    '  part: lengths, 365 days': part(
      (r, st) => figures.lengths(['sessions', 'games_finished'], r, st),
      year,
    ),
    'series logins by day, year': series('logins', 'day', year),
    'series active_users by day, year': series('active_users', 'day', year),
    'series active_users by week, year': series('active_users', 'week', year),
    'series active_users by hour, 7 days': series('active_users', 'hour', week),
    'series new_users by day, year': series('new_users', 'day', year),
    'series session_seconds by hour, 7 days': series('session_seconds', 'hour', week),
    'series session_seconds by day, year': series('session_seconds', 'day', year),
    'series concurrent_users by hour, 31 days': series('concurrent_users', 'hour', {
      from: iso(today - 30 * DAY),
      to: iso(today + DAY),
    }),
    'series games_started by day, year': series('games_started', 'day', year),
    'series games_finished by week, year': series('games_finished', 'week', year),
    'series games_started by day by type, year': () =>
      queries.series({ metric: 'games_started', bucket: 'day', by: 'type', ...year }),
    'series games_started by hour by type, 7 days': () =>
      queries.series({ metric: 'games_started', bucket: 'hour', by: 'type', ...week }),
    'series chat_messages by day, year': series('chat_messages', 'day', year),
    'retention by day, 90 days': () =>
      queries.retention({ cohort: 'day', from: iso(today - 90 * DAY), to: iso(now) }),
    'retention by week, year': () => queries.retention({ cohort: 'week', ...year }),
    'games per type, last 365 days': () => queries.games({}),
    'one user’s figures': () => queries.user(someUser),
    'user list by name, first page': () => directory.list({ limit: 50, sort: 'username', order: 'asc' }),
    'user list by logins, desc': () => directory.list({ limit: 50, sort: 'logins', order: 'desc' }),
    'user list by last seen, page 20': () =>
      directory.list({ limit: 50, sort: 'lastSeenAt', order: 'desc', after: 'o:1000' }),
    'user list search "user12", by name': () =>
      directory.list({ limit: 50, q: 'user12', sort: 'username', order: 'asc' }),
  };
}

async function measure(db) {
  const results = [];
  for (const [name, run] of Object.entries(queriesOf(db))) {
    // The first call fills the rolled-day cache (figure-reader.ts); it is printed beside the warm ones.
    const first = await timed(run);
    for (let i = 0; i < 2; i++) await run(); // warm: plans prepared, pages cached
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await timed(run));
    times.sort((a, b) => a - b);
    results.push({
      name,
      first,
      median: times[Math.floor(times.length / 2)],
      p95: times[Math.ceil(times.length * 0.95) - 1],
    });
  }
  return results;
}

async function bench(kind, active) {
  console.log(
    `\n${kind}: ${USERS.toLocaleString()} users, ${active.toLocaleString()} active a day, ${DAYS} days + half of today`,
  );
  const { db, drop } = await openDb(kind);
  try {
    const { loadMs, rollupMs, days, rows } = await load(db, active);
    console.log(
      `  load ${(loadMs / 1000).toFixed(0)} s; rollup of ${days} days ${(rollupMs / 1000).toFixed(1)} s (${(rollupMs / days).toFixed(0)} ms a day)`,
    );
    console.log(
      `  rows: ${Object.entries(rows)
        .map(([t, n]) => `${t} ${n.toLocaleString()}`)
        .join(', ')}`,
    );
    console.log(
      `  ${'query'.padEnd(44)} ${'first'.padStart(8)} ${'median'.padStart(8)} ${'p95'.padStart(8)}  target ${TARGET_MS} ms warm`,
    );
    for (const r of await measure(db)) {
      const verdict = r.median < TARGET_MS ? 'ok' : 'OVER';
      console.log(
        `  ${r.name.padEnd(44)} ${r.first.toFixed(1).padStart(6)} ms ${r.median.toFixed(1).padStart(6)} ms ${r.p95.toFixed(1).padStart(6)} ms  ${verdict}`,
      );
    }
  } finally {
    await drop();
  }
}

const which = process.env.BENCH_DB ?? 'both';
if (which !== 'pglite') await bench('postgres', Number(process.env.BENCH_ACTIVE ?? 5_000));
if (which !== 'postgres') await bench('pglite', Number(process.env.BENCH_PGLITE_ACTIVE ?? 500));
