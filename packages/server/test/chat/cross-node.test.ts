import { randomBytes } from 'node:crypto';
import { closeCodeOf } from '@parlor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../../src/storage/postgres-db.js';
import { connectAs } from '../support/realtime-client.js';
import {
  buildServer,
  logInAt,
  request,
  type ServerProcess,
  signUpAt,
  startServer,
} from '../support/server-process.js';

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const ready = Boolean(DATABASE_URL && REDIS_URL);
const PASSWORD = 'a long enough passphrase';

/** Settings every node of one test shares: one schema, one Redis, the same chat keys. */
function clusterEnv(schema: string): Record<string, string> {
  return {
    DATABASE_URL: DATABASE_URL!,
    REDIS_URL: REDIS_URL!,
    PARLOR_DATABASE_SCHEMA: schema,
    PARLOR_CHAT_KEYS: `k1=${randomBytes(32).toString('base64')}`,
    PARLOR_CHAT_BURST: '100000',
    PARLOR_CHAT_MESSAGES_PER_SECOND: '10000',
    PARLOR_LOGIN_IP_PER_MINUTE: '100000',
    PARLOR_REGISTER_IP_PER_HOUR: '100000',
  };
}

async function dropSchema(schema: string) {
  const db = await PostgresDb.open(DATABASE_URL!);
  await db.exec(`drop schema if exists ${schema} cascade`);
  await db.close();
}

describe.skipIf(!ready)(
  `two server processes on PostgreSQL + Redis${ready ? '' : ' (skipped: DATABASE_URL and REDIS_URL not set)'}`,
  () => {
    const schema = `nodes_${randomBytes(5).toString('hex')}`;
    const env = clusterEnv(schema);
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: { token: string };

    beforeAll(async () => {
      await buildServer();
      a = await startServer(env);
      // Bootstrap on A before B starts, so B does not mint a second code.
      const boot = await request(a.url, 'POST', '/v1/admin/bootstrap', {
        body: { code: a.bootstrapCode, username: 'cluster_admin', password: PASSWORD },
      });
      expect(boot.status, a.output()).toBe(201);
      admin = await logInAt(a.url, 'cluster_admin');
      b = await startServer(env);
    }, 120_000);
    afterAll(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      await dropSchema(schema);
    });

    it('a message posted on node A reaches a socket on node B, in order', async () => {
      const reader = await signUpAt(b.url, 'node_reader');
      const posters = await Promise.all([1, 2, 3].map((i) => signUpAt(a.url, `node_poster${i}`)));
      const socket = await connectAs(b.url, reader.token);
      socket.send({ type: 'subscribe', channel: 'lobby' });
      const { lastSeq: start } = await socket.next('subscribed');
      await Promise.all(
        posters.map(async (u, i) => {
          for (let n = 0; n < 20; n++) {
            // Alternate nodes so notices come from both publishers.
            const node = n % 2 === 0 ? a : b;
            const res = await request(node.url, 'POST', '/v1/channels/lobby/messages', {
              token: u.token,
              body: { body: `p${i}-${n}`, clientId: `p${i}-${n}` },
            });
            expect(res.status).toBe(201);
          }
        }),
      );
      await socket.next('message', (f) => f.message.seq === start + 60, 20_000);
      const seqs = socket.frames.flatMap((f) => (f.type === 'message' ? [f.message.seq] : []));
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => start + 1 + i));
      socket.close();
    });

    it('a deauthentication on node A closes the user’s socket on node B', async () => {
      const victim = await signUpAt(a.url, 'node_victim');
      const onB = await connectAs(b.url, victim.token);
      const onA = await connectAs(a.url, victim.token);
      const started = performance.now();
      const res = await request(a.url, 'POST', `/v1/admin/users/${victim.userId}/deauthenticate`, {
        token: admin.token,
      });
      expect(res.status).toBe(200);
      expect((await onB.closed).code).toBe(closeCodeOf('SESSION_ENDED'));
      expect((await onA.closed).code).toBe(closeCodeOf('SESSION_ENDED'));
      console.log(`deauth on A closed the socket on B after ${(performance.now() - started).toFixed(1)} ms`);

      // And a logout on B closes that session's socket on A.
      const again = await logInAt(b.url, 'node_victim');
      const s = await connectAs(a.url, again.token);
      expect((await request(b.url, 'DELETE', '/v1/sessions/current', { token: again.token })).status).toBe(
        204,
      );
      expect((await s.closed).code).toBe(closeCodeOf('SESSION_ENDED'));
    });

    it('presence crosses nodes', async () => {
      const x = await signUpAt(a.url, 'node_px');
      const y = await signUpAt(b.url, 'node_py');
      const watcher = await connectAs(a.url, x.token);
      watcher.send({ type: 'subscribe', channel: `dm:${y.userId}` });
      await watcher.next('presence', (f) => f.userId === y.userId && !f.online);
      const ys = await connectAs(b.url, y.token);
      await watcher.next('presence', (f) => f.userId === y.userId && f.online);
      const seen = await request(a.url, 'GET', `/v1/presence?users=${y.userId}`, { token: x.token });
      expect(seen.body.users[0].online).toBe(true);
      ys.close();
      await watcher.next('presence', (f) => f.userId === y.userId && !f.online);
      watcher.close();
    });
  },
);

/**
 * Posts from several clients until `enough` are acknowledged, then SIGKILLs the node mid-stream.
 * Returns what was acknowledged (clientId → seq) and what was in flight (outcome unknown).
 */
async function postThroughAKill(node: ServerProcess, tokens: string[], enough: number) {
  const acked = new Map<string, number>();
  const inFlight = new Set<string>();
  let killing: Promise<void> | undefined;
  await Promise.all(
    tokens.map(async (token, i) => {
      for (let n = 0; ; n++) {
        const clientId = `f${i}-${n}`;
        inFlight.add(clientId);
        try {
          const res = await request(node.url, 'POST', '/v1/channels/lobby/messages', {
            token,
            body: { body: `fault ${clientId}`, clientId },
          });
          if (res.status !== 201) throw new Error(`status ${res.status}`);
          inFlight.delete(clientId);
          acked.set(clientId, res.body.seq);
        } catch {
          return; // the node is gone: this clientId's fate is unknown
        }
        if (acked.size >= enough) killing ??= node.kill('SIGKILL');
      }
    }),
  );
  await killing;
  console.log(`killed with ${acked.size} posts acknowledged and ${inFlight.size} in flight`);
  return { acked, inFlight };
}

async function readAll(base: string, token: string) {
  const all: { seq: number; clientId: string; body: string }[] = [];
  for (let after = 0; ;) {
    const page = await request(base, 'GET', `/v1/channels/lobby/messages?after=${after}&limit=200`, {
      token,
    });
    expect(page.status).toBe(200);
    if (page.body.messages.length === 0) return all;
    all.push(...page.body.messages);
    after = page.body.messages.at(-1).seq;
  }
}

async function checkNothingLost(
  base: string,
  tokens: string[],
  { acked, inFlight }: Awaited<ReturnType<typeof postThroughAKill>>,
) {
  const before = await readAll(base, tokens[0]!);
  const bySeq = new Map(before.map((m) => [m.clientId, m.seq]));
  for (const [clientId, seq] of acked) expect(bySeq.get(clientId), clientId).toBe(seq);
  // Retrying the uncertain posts resolves each exactly once: 200 if it had committed, 201 if not.
  for (const clientId of inFlight) {
    const i = Number(/^f(\d+)-/.exec(clientId)![1]);
    const res = await request(base, 'POST', '/v1/channels/lobby/messages', {
      token: tokens[i]!,
      body: { body: `fault ${clientId}`, clientId },
    });
    expect([200, 201]).toContain(res.status);
    expect(res.status === 200).toBe(bySeq.has(clientId));
  }
  const after = await readAll(base, tokens[0]!);
  const ids = after.map((m) => m.clientId);
  expect(new Set(ids).size).toBe(ids.length);
  const seqs = after.map((m) => m.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => k + 1)); // gapless, ordered
  expect(after.length).toBe(acked.size + inFlight.size);
}

describe.skipIf(!ready)(
  `a node killed while clients post, on PostgreSQL + Redis${ready ? '' : ' (skipped: DATABASE_URL and REDIS_URL not set)'}`,
  () => {
    const schema = `fault_${randomBytes(5).toString('hex')}`;
    const env = clusterEnv(schema);
    let nodes: ServerProcess[] = [];
    beforeAll(() => buildServer(), 120_000);
    afterAll(async () => {
      await Promise.all(nodes.map((n) => n.kill()));
      await dropSchema(schema);
    });

    it('keeps every acknowledged message, none twice', async () => {
      const a = await startServer(env);
      const b = await startServer(env);
      nodes = [a, b];
      const users = await Promise.all([1, 2, 3, 4].map((i) => signUpAt(b.url, `fault_pg${i}`)));
      const outcome = await postThroughAKill(
        a,
        users.map((u) => u.token),
        60,
      );
      expect(outcome.acked.size).toBeGreaterThanOrEqual(60);
      await checkNothingLost(
        b.url,
        users.map((u) => u.token),
        outcome,
      );
      const restarted = await startServer(env);
      nodes.push(restarted);
      const fromRestarted = await readAll(restarted.url, users[0]!.token);
      for (const [clientId, seq] of outcome.acked)
        expect(fromRestarted.find((m) => m.clientId === clientId)?.seq).toBe(seq);
    });
  },
);

describe('a node killed while clients post, embedded (PGlite)', () => {
  let dataDir: string;
  let node: ServerProcess | undefined;
  beforeAll(async () => {
    const { mkdtemp } = await import('node:fs/promises');
    dataDir = await mkdtemp(`${(await import('node:os')).tmpdir()}/parlor-fault-`);
    await buildServer();
  }, 120_000);
  afterAll(async () => {
    await node?.kill();
    const { rm } = await import('node:fs/promises');
    await rm(dataDir, { recursive: true, force: true });
  });

  // Two server starts on one PGlite folder, three sign-ups and a kill: slow on a busy machine.
  it('keeps every acknowledged message after a restart, none twice', async () => {
    const env = {
      PARLOR_DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      PARLOR_CHAT_BURST: '100000',
      PARLOR_CHAT_MESSAGES_PER_SECOND: '10000',
      PARLOR_REGISTER_IP_PER_HOUR: '100000',
      PARLOR_LOGIN_IP_PER_MINUTE: '100000',
    };
    const first = await startServer(env);
    const users = await Promise.all([1, 2, 3].map((i) => signUpAt(first.url, `fault_pglite${i}`)));
    const outcome = await postThroughAKill(
      first,
      users.map((u) => u.token),
      40,
    );
    node = await startServer(env);
    await checkNothingLost(
      node.url,
      users.map((u) => u.token),
      outcome,
    );
  }, 60_000);
});
