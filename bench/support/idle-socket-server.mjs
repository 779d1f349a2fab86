// The server side of bench:realtime-idle, run as its own process (with --expose-gc) so that its
// memory is the control plane's alone: a whole Parlor (serve-parlor.mjs, PGlite) with signed-in
// sessions seeded, answering the bench over IPC with its memory after a full collection.
//
// Seeding: one account is registered and signed in through the API (real argon2id); the other
// accounts are copies of its row (same password hash) and every socket's session is the row a
// login writes, with a fresh `pls_` token each (only its SHA-256 stored, as a login does). What the sockets
// then do (auth frame, session lookup, RBAC, presence, stats) is the real path; only the
// password hashing of thousands of logins is skipped.
import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import { serveParlor } from './serve-parlor.mjs';
import { signUpAndIn } from './sign-up.mjs';

const dist = (file) => new URL(`../../packages/server/dist/${file}`, import.meta.url).href;
const { newToken, sha256 } = await import(dist('platform/secrets.js'));
const { SESSION_PREFIX } = await import(dist('identity/session-token.js'));

const TEMPLATE = { username: 'idle_template', password: 'a long benchmark passphrase' };
const BATCH = 2_000;

/**
 * Copies the template account `users - 1` times and writes `sessions` sessions spread over the
 * accounts, each the row a login writes (sessions store's columns), in a few set statements.
 */
async function seed(db, templateToken, users, sessions) {
  const [{ user_id: templateId }] = await db.query('select user_id from sessions where token_hash = $1', [
    sha256(templateToken),
  ]);
  const userIds = [templateId, ...Array.from({ length: users - 1 }, () => randomUUID())];
  const names = userIds.slice(1).map((_, i) => `idle_user_${i + 1}`);
  await db.query(
    `insert into users (id, username, username_key, password_hash, ticket_secret, created_at, updated_at)
     select c.id, c.name, c.name, t.password_hash, t.ticket_secret, t.created_at, t.updated_at
       from unnest($1::uuid[], $2::text[]) as c(id, name), users t where t.id = $3`,
    [userIds.slice(1), names, templateId],
  );
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 12 * 3_600_000);
  const tokens = Array.from({ length: sessions }, () => newToken(SESSION_PREFIX));
  for (let i = 0; i < sessions; i += BATCH) {
    const batch = tokens.slice(i, i + BATCH);
    await db.query(
      `insert into sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, ip, user_agent)
       select gen_random_uuid(), u, h, $3, $3, $4, '127.0.0.1', 'bench:realtime-idle'
         from unnest($1::uuid[], $2::text[]) as s(u, h)`,
      [batch.map((_, j) => userIds[(i + j) % users]), batch.map(sha256), now, expiresAt],
    );
  }
  return tokens;
}

function memory() {
  // Twice: the first pass can leave weak callbacks and finalizers for the second.
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

// Whatever became of the bench, this process does not outlive it.
process.once('disconnect', () => process.exit(1));

process.once('message', async ({ env, users, sessions }) => {
  let db;
  const { parlor, url, stop } = await serveParlor(env, { adapt: async (adapters) => (db = adapters.db) });
  const templateToken = await signUpAndIn(url, TEMPLATE);
  const t0 = performance.now();
  const tokens = await seed(db, templateToken, users, sessions);
  process.send({ type: 'ready', url, tokens, seedMs: performance.now() - t0 });
  process.on('message', async (m) => {
    if (m.type === 'memory')
      process.send({ type: 'memory', ...memory(), sockets: parlor.realtime.registry.size });
    if (m.type === 'snapshot') {
      globalThis.gc();
      process.send({ type: 'snapshot', file: v8.writeHeapSnapshot(m.file) });
    }
    if (m.type === 'stop') {
      await stop();
      process.exit(0);
    }
  });
});
