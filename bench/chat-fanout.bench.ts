/**
 * Chat fan-out: M sockets follow the lobby, K posters each post N messages over HTTP, and every
 * socket records how long each message took from the moment its POST was sent to the moment the
 * socket received it. Run with `npm run bench:chat`; sizes via BENCH_CLIENTS, BENCH_POSTERS,
 * BENCH_MESSAGES. Embedded (PGlite + in-process bus) always; PostgreSQL + Redis, with the
 * sockets split over two nodes, when DATABASE_URL and REDIS_URL are set. Everything runs in this
 * one process on loopback, so clients and servers share the CPU: read the figures as relative.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { closeAdapters, openAdapters } from '../packages/server/dist/adapters.js';
import { createParlor, type Parlor } from '../packages/server/dist/compose.js';
import { loadConfig } from '../packages/server/dist/config.js';
import { createLogger } from '../packages/server/dist/platform/logger.js';
import { PostgresDb } from '../packages/server/dist/storage/postgres-db.js';

const M = Number(process.env.BENCH_CLIENTS ?? 50);
const K = Number(process.env.BENCH_POSTERS ?? 5);
const N = Number(process.env.BENCH_MESSAGES ?? 40);
const TIME_LIMIT_MS = 60_000;
const PASSWORD = 'a long enough passphrase';
const now = () => performance.timeOrigin + performance.now();

interface Result {
  setup: string;
  deliveries: number;
  expected: number;
  p50: number;
  p99: number;
  max: number;
  ackP50: number;
  ackP99: number;
  perSecond: number;
}

async function startNodes(count: number, env: Record<string, string>) {
  const config = loadConfig({
    PARLOR_LOG_LEVEL: 'silent',
    PARLOR_CHAT_KEYS: `b=${randomBytes(32).toString('base64')}`,
    PARLOR_CHAT_BURST: '100000',
    PARLOR_CHAT_MESSAGES_PER_SECOND: '10000',
    PARLOR_REALTIME_FRAMES_PER_SECOND: '10000',
    PARLOR_LOGIN_IP_PER_MINUTE: '100000',
    PARLOR_REGISTER_IP_PER_HOUR: '100000',
    ...env,
  });
  const logger = createLogger('silent');
  const nodes: { parlor: Parlor; url: string; close(): Promise<void> }[] = [];
  for (let i = 0; i < count; i++) {
    const adapters = await openAdapters(config, logger);
    const parlor = await createParlor({ config, adapters, logger });
    const url = await parlor.app.listen({ host: '127.0.0.1', port: 0 });
    nodes.push({ parlor, url, close: async () => (await parlor.close(), await closeAdapters(adapters)) });
  }
  return nodes;
}

async function json(url: string, init: { method: string; token?: string; body?: unknown }) {
  const res = await fetch(url, {
    method: init.method,
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function user(base: string, name: string): Promise<string> {
  await json(`${base}/v1/accounts`, { method: 'POST', body: { username: name, password: PASSWORD } });
  return (await json(`${base}/v1/sessions`, { method: 'POST', body: { username: name, password: PASSWORD } }))
    .body.token;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function run(setup: string, urls: string[]): Promise<Result> {
  const tag = randomBytes(3).toString('hex');
  const latencies: number[] = [];
  const expected = M * K * N;
  let lastDelivery = 0;
  let done: () => void = () => {};
  const allDelivered = new Promise<void>((r) => (done = r));

  const readers = await Promise.all(
    Array.from({ length: M }, async (_, i) => {
      const base = urls[i % urls.length]!;
      const token = await user(base, `r${tag}_${i}`);
      const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/realtime`);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'auth', token }));
      ws.send(JSON.stringify({ type: 'subscribe', channel: 'lobby' }));
      await new Promise<void>((resolve) =>
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString());
          if (frame.type === 'subscribed') resolve();
          if (frame.type !== 'message') return;
          lastDelivery = now();
          latencies.push(lastDelivery - Number(frame.message.body.split(' ')[1]));
          if (latencies.length === expected) done();
        }),
      );
      return ws;
    }),
  );
  const posters = await Promise.all(Array.from({ length: K }, (_, i) => user(urls[0]!, `p${tag}_${i}`)));

  const acks: number[] = [];
  const started = now();
  await Promise.all(
    posters.map(async (token, i) => {
      for (let n = 0; n < N; n++) {
        const sent = now();
        const res = await json(`${urls[0]}/v1/channels/lobby/messages`, {
          method: 'POST',
          token,
          body: { body: `t ${sent}`, clientId: `${i}-${n}` },
        });
        if (res.status !== 201) throw new Error(`post failed: ${JSON.stringify(res.body)}`);
        acks.push(now() - sent);
      }
    }),
  );
  await Promise.race([allDelivered, new Promise((r) => setTimeout(r, TIME_LIMIT_MS))]);
  for (const ws of readers) ws.close();
  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  return {
    setup,
    deliveries: latencies.length,
    expected,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    ackP50: pct(acks, 0.5),
    ackP99: pct(acks, 0.99),
    perSecond: latencies.length / ((lastDelivery - started) / 1000),
  };
}

async function main() {
  console.log(`chat fan-out: ${M} sockets in one channel, ${K} posters × ${N} messages`);
  const results: Result[] = [];

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parlor-bench-'));
  const embedded = await startNodes(1, { PARLOR_DATA_DIR: dataDir });
  results.push(
    await run(
      'embedded (PGlite, in-process bus)',
      embedded.map((n) => n.url),
    ),
  );
  for (const n of embedded) await n.close();
  await rm(dataDir, { recursive: true, force: true });

  const { DATABASE_URL, REDIS_URL } = process.env;
  if (DATABASE_URL && REDIS_URL) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const nodes = await startNodes(2, { DATABASE_URL, REDIS_URL, PARLOR_DATABASE_SCHEMA: schema });
    try {
      results.push(
        await run(
          'PostgreSQL + Redis, 2 nodes',
          nodes.map((n) => n.url),
        ),
      );
    } finally {
      for (const n of nodes) await n.close();
      const db = await PostgresDb.open(DATABASE_URL);
      await db.exec(`drop schema if exists ${schema} cascade`);
      await db.close();
    }
  } else {
    console.log('PostgreSQL + Redis: skipped (set DATABASE_URL and REDIS_URL)');
  }

  const f = (x: number) => x.toFixed(1);
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.setup,
        {
          delivered: `${r.deliveries}/${r.expected}`,
          'e2e p50 ms': f(r.p50),
          'e2e p99 ms': f(r.p99),
          'e2e max ms': f(r.max),
          'ack p50 ms': f(r.ackP50),
          'ack p99 ms': f(r.ackP99),
          'deliveries/s': Math.round(r.perSecond),
        },
      ]),
    ),
  );
  process.exit(results.every((r) => r.deliveries === r.expected) ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
