import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessStore } from '../src/access/access-store.js';
import { Authorizer } from '../src/access/authorizer.js';
import { AUTHENTICATED_GROUP, subjectOf, type UserPrincipal } from '../src/access/principal.js';
import { AccountsStore } from '../src/identity/accounts-store.js';
import { SessionVerifier } from '../src/identity/session-verifier.js';
import { SessionsStore } from '../src/identity/sessions-store.js';
import { TicketSecrets } from '../src/identity/ticket-secrets.js';
import { ManualClock } from '../src/platform/clock.js';
import { newId, newToken, sha256 } from '../src/platform/secrets.js';
import type { Db, Queryable } from '../src/storage/db.js';
import { testDb } from './support/test-db.js';

// The caches every request goes through: a burst reads the database once, and a revocation
// that lands while a read is under way is not undone by that read.

/** The database, counting the statements that match `pattern` (a spy, not a fake: queries run). */
function counting(db: Queryable, pattern: RegExp) {
  const counter = { count: 0 };
  const spied: Queryable = {
    query: (sql, params) => {
      if (pattern.test(sql)) counter.count++;
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
  return { db: spied, counter };
}

describe('hot-path caches', () => {
  let db: Db;
  const clock = new ManualClock(Date.now());
  const timeouts = { absoluteMs: 12 * 3600_000, idleMs: 3600_000 };

  async function newSession(): Promise<{ token: string; id: string }> {
    const accounts = new AccountsStore(db, new TicketSecrets(randomBytes(32)));
    const userId = newId();
    const username = `u${randomBytes(4).toString('hex')}`;
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
    return { token, id };
  }

  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('a burst on a cold session reads it once, then answers from the cache without a promise', async () => {
    const { token } = await newSession();
    const { db: spied, counter } = counting(db, /from sessions s join users/);
    const verifier = new SessionVerifier(new SessionsStore(spied), clock, timeouts);
    expect(verifier.verifyFromCache(token)).toBeUndefined();
    const principals = await Promise.all(Array.from({ length: 20 }, () => verifier.verify(token)));
    expect(counter.count).toBe(1);
    expect(new Set(principals).size).toBe(1);
    const cached = verifier.verifyFromCache(token);
    expect(cached).toBe(principals[0]);
    expect(cached).toMatchObject({ kind: 'user', groups: [AUTHENTICATED_GROUP] });
  });

  it('a revocation during a lookup is not undone by it', async () => {
    const { token, id } = await newSession();
    const sessions = new SessionsStore(db);
    // The slow read: it sees the session live, but its answer arrives after the revocation.
    let deliver!: () => void;
    const late = new Promise<void>((resolve) => (deliver = resolve));
    let readHasRun!: () => void;
    const readRan = new Promise<void>((resolve) => (readHasRun = resolve));
    const slow: Queryable = {
      query: async (sql, params) => {
        const rows = await db.query(sql, params);
        if (/from sessions s join users/.test(sql)) {
          readHasRun();
          await late;
        }
        return rows as never;
      },
      exec: (sql) => db.exec(sql),
    };
    const verifier = new SessionVerifier(new SessionsStore(slow), clock, timeouts);
    const raced = verifier.verify(token);
    await readRan; // the read has seen the session live
    const userId = (await sessions.byTokenHash(sha256(token)))!.userId;
    await sessions.revoke(id, userId, 'logout', clock.now());
    verifier.forgetSessions([id]);
    const after = verifier.verify(token); // must not join the read that began before
    deliver();
    await Promise.resolve(raced).catch(() => {}); // it raced the revocation: either answer is fair
    await expect(after).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(() => verifier.verifyFromCache(token)).toThrow('The session has been ended');
  });

  it('the authorizer reloads once for a burst that finds its snapshot old, and decides without waiting when fresh', async () => {
    const { db: spied, counter } = counting(db, /from roles/);
    const authorizer = new Authorizer(new AccessStore(spied), clock, 5_000);
    await authorizer.reconcileDefaults();
    const player: UserPrincipal = {
      kind: 'user',
      userId: newId(),
      username: 'player',
      sessionId: newId(),
      groups: [AUTHENTICATED_GROUP],
      accountCreatedAt: clock.now(),
    };
    const getMe = { verb: 'get', resource: 'me' };
    expect(authorizer.decideFor(player, getMe)).toBe(true);
    expect(authorizer.decideFor(player, { verb: 'delete', resource: 'roles' })).toBe(false);

    clock.advance(6_000);
    const reloadsBefore = counter.count;
    const stale = authorizer.decideFor(player, getMe);
    expect(stale).toBeInstanceOf(Promise);
    const subject = subjectOf(player);
    const answers = await Promise.all([
      stale,
      ...Array.from({ length: 20 }, () => authorizer.can(subject, 'get', 'me')),
    ]);
    expect(answers.every(Boolean)).toBe(true);
    expect(counter.count - reloadsBefore).toBe(1);
    expect(authorizer.decideFor(player, getMe)).toBe(true);
  });
});
