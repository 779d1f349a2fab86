// Game allocation benchmark, one run on this machine:
//   1. creation latency (POST /v1/games until the reply with a connect token), p50/p95/max over
//      BENCH_CREATES (20) sequential creates, each game deleted and its server gone before the
//      next: process launcher cold, process launcher with a warm pool of 4, and, with
//      PARLOR_DOCKER_TESTS=1 and the image built (npm run docker:image), Docker cold and warm;
//   2. allocations/s in a burst of BENCH_BURST (30) games, BENCH_CONCURRENCY (6) in flight,
//      cold and warm, beside the raw rate of forking the same game-server entry and receiving
//      its `ready` (measured before and after the Parlor bursts; their mean is the baseline).
// Each Parlor is the real composition root over PGlite in a temp dir on 127.0.0.1:0 (built
// packages, `npm run bench:games` builds first); the load comes from this process over HTTP.
// Loopback only; every process and container is stopped before exit, also on Ctrl-C.
import { createRequire } from 'node:module';
import os from 'node:os';
import { burst, creationLatencies, percentiles, within } from './support/allocations.mjs';
import { startBenchParlor } from './support/bench-parlor.mjs';
import { killAll, rawLaunch, startReadyStub } from './support/raw-launch.mjs';

const CREATES = Number(process.env.BENCH_CREATES ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const POOL = 4;
const STEP_TIMEOUT_MS = 30_000;
const DOCKER_IMAGE = process.env.PARLOR_DOCKER_IMAGE ?? 'parlor/game-server:0.1.0';
const entry = createRequire(import.meta.url).resolve('@parlor/game-server/main');

const open = new Set(); // what Ctrl-C must stop: Parlors and raw children
const rawChildren = [];
process.once('SIGINT', async () => {
  console.log('\ninterrupted: stopping what this run started');
  await Promise.allSettled([...open].map((node) => node.stop()));
  await killAll(rawChildren);
  process.exit(130);
});

async function withParlor(options, use) {
  const node = await startBenchParlor(options);
  open.add(node);
  try {
    return await use(node);
  } finally {
    open.delete(node);
    await node.stop();
  }
}

async function parlorBurst(node) {
  await within(node.whenWarm(), STEP_TIMEOUT_MS, 'warm pool fill');
  const created = [];
  try {
    return await burst(
      BURST,
      CONCURRENCY,
      () => node.createGame().then((id) => created.push(id)),
      STEP_TIMEOUT_MS,
    );
  } finally {
    for (const id of created) await node.deleteGame(id);
    await node.settle(STEP_TIMEOUT_MS);
  }
}

async function rawBurst(stub) {
  const before = rawChildren.length;
  try {
    return await burst(BURST, CONCURRENCY, () => rawLaunch(stub, entry, rawChildren), STEP_TIMEOUT_MS);
  } finally {
    await killAll(rawChildren.splice(before));
  }
}

async function rawLatency(stub) {
  const samples = [];
  for (let i = 0; i < CREATES + 2; i++) {
    const started = performance.now();
    const child = await within(rawLaunch(stub, entry, rawChildren), STEP_TIMEOUT_MS, 'raw launch');
    if (i >= 2) samples.push(performance.now() - started);
    await killAll(rawChildren.splice(rawChildren.indexOf(child), 1));
  }
  return percentiles(samples);
}

async function dockerAvailable() {
  if (process.env.PARLOR_DOCKER_TESTS !== '1') return 'PARLOR_DOCKER_TESTS not set';
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) =>
    execFile('docker', ['image', 'inspect', DOCKER_IMAGE], (err) =>
      resolve(err ? `image ${DOCKER_IMAGE} missing (npm run docker:image)` : null),
    ),
  );
}

const ms = (n) => `${n.toFixed(0)} ms`.padStart(8);
const row = (name, l) => `${name.padEnd(34)}${ms(l.p50)}${ms(l.p95)}${ms(l.max)}`;

console.log(
  `Parlor games bench: ${os.availableParallelism()} cores, Node ${process.version}, ` +
    `${CREATES} creates per latency row, bursts of ${BURST} at ${CONCURRENCY} in flight`,
);
const stub = await startReadyStub();
const latency = [];
const rates = [];
try {
  latency.push(['raw fork → ready (no matchmaker)', await rawLatency(stub)]);
  const rawBefore = await rawBurst(stub);
  await withParlor({ warmPoolSize: 0 }, async (node) => {
    latency.push(['process launcher, cold', await creationLatencies(node, CREATES, STEP_TIMEOUT_MS)]);
    rates.push(['process launcher, cold', await parlorBurst(node)]);
  });
  await withParlor({ warmPoolSize: POOL }, async (node) => {
    latency.push([
      `process launcher, warm pool (${POOL})`,
      await creationLatencies(node, CREATES, STEP_TIMEOUT_MS),
    ]);
    rates.push([`process launcher, warm pool (${POOL})`, await parlorBurst(node)]);
  });
  const rawAfter = await rawBurst(stub);
  const dockerSkipped = await dockerAvailable();
  if (!dockerSkipped) {
    for (const size of [0, POOL]) {
      await withParlor({ warmPoolSize: size, docker: { image: DOCKER_IMAGE } }, async (node) => {
        const name = size ? `Docker, warm pool (${size})` : 'Docker, cold';
        latency.push([name, await creationLatencies(node, CREATES, STEP_TIMEOUT_MS)]);
      });
    }
  }

  const baseline = (rawBefore.perSec + rawAfter.perSec) / 2;
  console.log(`\nCreation latency, POST /v1/games → 201 with connect token (n=${CREATES} each)`);
  console.log(`${''.padEnd(34)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'max'.padStart(8)}`);
  for (const [name, l] of latency) console.log(row(name, l));
  if (dockerSkipped) console.log(`Docker rows skipped: ${dockerSkipped}`);
  console.log(`\nAllocations/s, burst of ${BURST} at ${CONCURRENCY} in flight`);
  console.log(
    `${'raw fork → ready (baseline)'.padEnd(34)}${baseline.toFixed(1).padStart(8)} /s` +
      `   (before ${rawBefore.perSec.toFixed(1)}, after ${rawAfter.perSec.toFixed(1)})`,
  );
  for (const [name, r] of rates) {
    console.log(
      `${name.padEnd(34)}${r.perSec.toFixed(1).padStart(8)} /s   ratio ${(r.perSec / baseline).toFixed(2)}`,
    );
  }
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
} finally {
  await killAll(rawChildren);
  await stub.close();
}
