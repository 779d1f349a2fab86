import { randomBytes } from 'node:crypto';
import { closeCodeOf, errorMessage } from '@parlor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsStore } from '../src/identity/accounts-store.js';
import { SessionVerifier } from '../src/identity/session-verifier.js';
import { SessionsStore } from '../src/identity/sessions-store.js';
import { TicketSecrets } from '../src/identity/ticket-secrets.js';
import { ManualClock } from '../src/platform/clock.js';
import { newId, newToken, sha256 } from '../src/platform/secrets.js';
import type { Db, Queryable } from '../src/storage/db.js';
import { createLogger } from '../src/platform/logger.js';
import { createStatsFeature } from '../src/stats/stats-feature.js';
import { Registry } from 'prom-client';
import { connectAs, type RealtimeClient } from './support/realtime-client.js';
import { testDb } from './support/test-db.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// The realtime sweep's once-a-minute session re-check, batched: the sockets due in one tick cost
// one session read, one last_seen_at write and one stats write together (issue 17), under the
// same rules as a single verification.

/** The database with every statement it ran recorded (a spy: the statements run on PGlite). */
function recording(real: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const db: Db = {
    driver: real.driver,
    query: (sql, params) => {
      statements.push(sql);
      return real.query(sql, params);
    },
    exec: (sql) => real.exec(sql),
    transaction: (work) => real.transaction(work),
    ping: () => real.ping(),
    ...(real.maintain ? { maintain: () => real.maintain!() } : {}),
    close: () => real.close(),
  };
  return { db, statements };
}

const SESSION_READ = /from sessions s join users/;
const SESSION_TOUCH = /update sessions set last_seen_at/;
const STATS_USED = /update stats_sessions s set last_active_at/;

describe('the batched session re-check of realtime sockets', () => {
  let real: Db;
  let statements: string[];
  let p: TestParlor;
  let url: string;

  beforeAll(async () => {
    real = await testDb();
    const spied = recording(real);
    statements = spied.statements;
    // A re-check falls due on every sweep tick, which the test drives itself.
    p = await startTestParlor({ PARLOR_REALTIME_SESSION_CHECK_MS: '60000' }, { db: spied.db });
    url = await p.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await p.stop();
    await real.close();
  });

  it('re-checks every due socket with one read and one touch, and closes the one whose session was revoked', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) tokens.push((await p.signUp(`batch_${i}`)).token);
    const second = await p.call('POST', '/v1/sessions', {
      body: { username: 'batch_0', password: PASSWORD },
    });
    tokens.push(second.json().token as string);
    // Two sockets per session: nine sockets, five sessions.
    const sockets: RealtimeClient[] = [];
    for (const token of tokens) sockets.push(await connectAs(url, token), await connectAs(url, token));
    // Revoked in storage with no bus notice (a lost one): only the re-check can catch it.
    const [revoked] = await real.query<{ id: string }>(
      'update sessions set revoked_at = now() where token_hash = $1 returning id',
      [sha256(tokens[2]!)],
    );
    expect(revoked).toBeDefined();

    p.clock.advance(61_000); // past the cache's age and due a last_seen_at write
    statements.length = 0;
    await p.realtime.context.sweep.checkSessions();

    expect(statements.filter((s) => SESSION_READ.test(s))).toHaveLength(1);
    expect(statements.filter((s) => SESSION_TOUCH.test(s))).toHaveLength(1);
    expect(statements.filter((s) => STATS_USED.test(s))).toHaveLength(1);
    for (const socket of sockets.slice(4, 6)) {
      expect(await socket.next('closing')).toEqual({
        type: 'closing',
        code: 'SESSION_ENDED',
        message: errorMessage('SESSION_ENDED'),
      });
      expect((await socket.closed).code).toBe(closeCodeOf('SESSION_ENDED'));
    }
    const live = [...sockets.slice(0, 4), ...sockets.slice(6)];
    for (const [i, socket] of live.entries()) {
      socket.send({ type: 'ping', ref: `live${i}` });
      expect(await socket.next('pong')).toMatchObject({ ref: `live${i}` });
    }
    const seen = await real.query<{ n: number }>(
      `select count(*)::int as n from sessions where token_hash = any($1::text[]) and last_seen_at > created_at`,
      [tokens.filter((_, i) => i !== 2).map(sha256)],
    );
    expect(seen[0]!.n).toBe(4);

    // The next tick finds every live session in the cache, recently touched: no statement.
    statements.length = 0;
    await p.realtime.context.sweep.checkSessions();
    expect(statements.filter((s) => SESSION_READ.test(s) || SESSION_TOUCH.test(s))).toEqual([]);
    for (const socket of live) socket.close();
  });
});

describe('SessionVerifier.recheckForSockets', () => {
  let db: Db;
  const clock = new ManualClock(Date.now());
  const timeouts = { absoluteMs: 12 * 3600_000, idleMs: 3600_000 };

  async function newSession(): Promise<{ token: string; id: string; userId: string }> {
    const accounts = new AccountsStore(db, new TicketSecrets(randomBytes(32)));
    const userId = newId();
    const username = `r${randomBytes(4).toString('hex')}`;
    const now = clock.now();
    await accounts.insert({ id: userId, username, key: username, passwordHash: 'x', ticketSecret: 's', now });
    const token = newToken('pls_');
    const id = newId();
    await new SessionsStore(db).insert({
      id,
      userId,
      tokenHash: sha256(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + timeouts.absoluteMs),
      ip: null,
      userAgent: null,
    });
    return { token, id, userId };
  }

  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('lets a revocation that lands during the read win over what the read saw', async () => {
    const kept = await newSession();
    const ended = await newSession();
    let reads = 0;
    let deliver!: () => void;
    const late = new Promise<void>((resolve) => (deliver = resolve));
    let readHasRun!: () => void;
    const readRan = new Promise<void>((resolve) => (readHasRun = resolve));
    const slow: Queryable = {
      query: async (sql, params) => {
        const rows = await db.query(sql, params);
        if (SESSION_READ.test(sql) && ++reads === 1) {
          readHasRun();
          await late;
        }
        return rows as never;
      },
      exec: (sql) => db.exec(sql),
    };
    const verifier = new SessionVerifier(new SessionsStore(slow), clock, timeouts);
    const raced = verifier.recheckForSockets([kept.token, ended.token, 'plk_not-a-session']);
    await readRan; // the first read has seen both sessions live
    await new SessionsStore(db).revoke(ended.id, ended.userId, 'logout', clock.now());
    verifier.forgetSessions([ended.id]);
    deliver();
    const answers = await raced;
    expect(reads).toBe(2);
    expect(answers.get(kept.token)).toMatchObject({ ok: true, principal: { sessionId: kept.id } });
    expect(answers.get(ended.token)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: 'The session has been ended' },
    });
    expect(answers.get('plk_not-a-session')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // What the second read found is what the cache holds now.
    expect(() => verifier.verifyFromCache(ended.token)).toThrow('The session has been ended');
  });
});

describe('StatsRecorder.sessionsUsed', () => {
  const DAY = 24 * 3600_000;
  const T0 = Date.UTC(2026, 2, 2, 10);
  const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

  /** Five users with a session each, used a day, a week and a month after signing up. */
  async function record(batched: boolean) {
    const db = await testDb();
    const clock = new ManualClock(T0);
    const stats = createStatsFeature({
      db,
      clock,
      logger: createLogger('silent'),
      nodeId: 'batch-node',
      registry: new Registry(),
      retentionDays: 1,
      sampleSeconds: 60,
      sessionIdleMs: 3600_000,
    });
    const used = [0, 1, 2, 3, 4].map((i) => ({ userId: uuid(100 + i), sessionId: uuid(200 + i) }));
    for (const u of used) {
      await stats.recorder.registered({ userId: u.userId, usernameKey: u.userId });
      await stats.recorder.loggedIn({ ...u, expiresAt: new Date(T0 + 40 * DAY) });
    }
    for (const days of [1, 7, 30]) {
      clock.advance(T0 + days * DAY - clock.nowMs());
      // Users 0-2 one day, 1-4 another: a user's flags move only with their own activity.
      const some = days === 7 ? used.slice(1) : used.slice(0, 3);
      if (batched) await stats.recorder.sessionsUsed(some);
      else for (const u of some) await stats.recorder.sessionUsed(u);
    }
    const state = {
      users: await db.query(
        'select user_id, last_seen_at, back_day1, back_day7, back_day30 from stats_users order by user_id',
      ),
      sessions: await db.query('select session_id, last_active_at from stats_sessions order by session_id'),
      hours: await db.query('select hour, user_seq from stats_activity order by hour, user_seq'),
    };
    await stats.stop();
    await db.close();
    return state;
  }

  it('leaves the same records as one sessionUsed per session', async () => {
    const one = await record(false);
    const batch = await record(true);
    expect(batch).toEqual(one);
    expect(one.users.filter((u) => u.back_day7)).toHaveLength(4);
  });
});
