// bench:compare: Parlor's game server beside Colyseus 0.18, plain `ws` and the pre-framed floor,
// on Colyseus' workload (one room, 10 entities, x and y change every tick, 20 Hz), measured by
// the same client process in the same run. Bounded: each size and server is one join plus a
// short window. Options: --quick (200 clients, short windows), --clients=500,2000,
// --window=ms, --profile (a CPU profile of Parlor's join and broadcast), --no-saturation;
// for the many-games section (G games × 8 players: a process per game, pooled, Colyseus):
// --games=N (default 250, --quick 20), --pool-rooms=N (default 50), --no-games.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failures, measure } from './compare/run-one.mjs';
import { runManyGames } from './compare/many-games.mjs';
import { KINDS, LABELS, manyGamesTable, markdownTable, svgChart } from './compare/report.mjs';

const args = new Map(
  process.argv.slice(2).map((a) => [a.replace(/^--/, '').split('=')[0], a.split('=')[1] ?? true]),
);
const quick = args.has('quick');
const SIZES = String(args.get('clients') ?? (quick ? '200' : '500,2000,5000'))
  .split(',')
  .map(Number);
const WINDOW_MS = Number(args.get('window') ?? (quick ? 1500 : 3000));
const WARM_MS = quick ? 500 : 1000;
const HZ = 20;
const SATURATION_HZ = 500;
const GAMES = Number(args.get('games') ?? (quick ? 20 : 250));
const POOL_ROOMS = Number(args.get('pool-rooms') ?? 50);
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');

function ensureColyseus() {
  if (existsSync(join(here, 'compare/node_modules/@colyseus/core'))) return;
  console.log('installing Colyseus 0.18 into bench/compare (once)…');
  const r = spawnSync(
    'npm',
    ['install', '--prefix', join(here, 'compare'), '--legacy-peer-deps', '--no-audit', '--no-fund'],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('npm install --prefix bench/compare failed');
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const machine = `${cpus().length} CPUs (${cpus()[0]?.model.trim()}), Node ${process.version}`;

ensureColyseus();
console.log(`machine: ${machine}; loadavg at start ${load()}`);
console.log('CPU figures are noisy on a shared machine; bytes, memory and counts are deterministic.');

const results = [];
for (const n of SIZES) {
  for (const kind of KINDS) {
    process.stdout.write(`  ${n} clients, ${LABELS[kind]}… `);
    const r = await measure({ kind, n, hz: HZ, windowMs: WINDOW_MS, warmMs: WARM_MS });
    const why = failures(r, HZ);
    if (why.length) r.failed = why.join('; ');
    console.log(
      r.failed
        ? `FAILED: ${r.failed}`
        : `${r.cpuUsPerDelivery.toFixed(1)} µs, ${r.bytesPerDelivery.toFixed(1)} B per delivery`,
    );
    results.push(r);
  }
}

const saturation = [];
if (!args.has('no-saturation')) {
  const n = quick ? 200 : 500;
  console.log(
    `saturation: ${n} clients asked for ${SATURATION_HZ} ticks/s (more than any of them keeps up with)`,
  );
  for (const kind of KINDS) {
    const r = await measure({ kind, n, hz: SATURATION_HZ, windowMs: WINDOW_MS, warmMs: WARM_MS });
    const ok = r.joinedAll && r.errors === 0;
    saturation.push({ kind, ok, perSec: r.deliveriesPerSec });
    console.log(
      `  ${LABELS[kind]}: ${ok ? `${Math.round(r.deliveriesPerSec).toLocaleString('en-US')} deliveries/s` : 'FAILED: not every client joined or some errored'}`,
    );
  }
}
let many;
if (!args.has('no-games')) {
  console.log(`many games: loadavg at start ${load()}`);
  many = await runManyGames({
    asked: GAMES,
    poolRooms: POOL_ROOMS,
    hz: HZ,
    windowMs: WINDOW_MS,
    warmMs: WARM_MS,
  });
  console.log(`many games: loadavg at end ${load()}`);
}

let profileSummary;
if (args.has('profile')) {
  const dir = mkdtempSync(join(tmpdir(), 'parlor-cpuprof-'));
  console.log(`profiling Parlor (join and broadcast, ${SIZES.at(-1)} clients) into ${dir}`);
  await measure({
    kind: 'parlor',
    n: SIZES.at(-1),
    hz: HZ,
    windowMs: WINDOW_MS,
    warmMs: WARM_MS,
    profileDir: dir,
  });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  profileSummary = execFileSync(
    process.execPath,
    [join(here, 'support/profile-top.mjs'), join(dir, file), '15'],
    { encoding: 'utf8' },
  );
  console.log(profileSummary);
}

console.log(`\nloadavg at end ${load()}\n`);
console.log(markdownTable(results));
if (saturation.length) {
  const floor = saturation.find((s) => s.kind === 'floor');
  console.log('\n| saturation | deliveries/s | share of the floor |\n|---|---|---|');
  for (const s of saturation)
    console.log(
      `| ${LABELS[s.kind]} | ${s.ok ? Math.round(s.perSec).toLocaleString('en-US') : 'FAILED'} | ${s.ok && floor?.ok ? `${Math.round((s.perSec / floor.perSec) * 100)}%` : '—'} |`,
    );
}
if (many) {
  console.log(
    `\n${many.games} games × 8 players (${many.memory}); jitter: |interval − ${1000 / HZ} ms| between consecutive frames of each room at its host's socket, client side\n`,
  );
  console.log(manyGamesTable(many.results, POOL_ROOMS));
}
const chart = join(root, 'docs/performance-chart.svg');
writeFileSync(chart, svgChart(results, `${machine}; ${HZ} Hz; ${new Date().toISOString().slice(0, 10)}`));
console.log(`\nchart written to ${chart}`);
process.exit(0);
