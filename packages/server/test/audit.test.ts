import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, makeKey } from './support/credentials.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let admin: { token: string; userId: string };
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200', PARLOR_AUDIT_RETENTION_DAYS: '30' });
  admin = await p.admin();
});
afterAll(() => p.stop());

type Entry = { id: number; at: string; action: string; outcome: string; actor: { id: string; name: string } };
const audit = async (query = '') => {
  const res = await p.call('GET', `/v1/admin/audit${query}`, { token: admin.token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { entries: Entry[]; next: number | null };
};

describe('audit log', () => {
  it('records every login, authorization failure and credential change', async () => {
    const eve = await p.signUp('eve');
    await p.call('POST', '/v1/sessions', { body: { username: 'eve', password: 'wrong password!' } });
    await p.call('GET', '/v1/admin/users', { token: eve.token });
    await p.call('PUT', '/v1/me/password', {
      token: eve.token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    const key = await makeKey(p, eve.token, 'community-server');
    await p.call('POST', `/v1/api-keys/${key.id}/rotate`, { token: eve.token });
    await p.call('POST', '/v1/tickets/verify', {
      token: (await makeKey(p, eve.token, 'community-server')).key,
      body: { ticket: 'nope' },
    });
    await p.call('DELETE', `/v1/api-keys/${key.id}`, { token: eve.token });
    await p.call('POST', '/v1/roles', { token: admin.token, body: { name: 'r1', rules: [] } });
    await p.call('DELETE', '/v1/sessions/current', { token: eve.token });

    const seen = new Set((await audit('?limit=500')).entries.map((e) => `${e.action}:${e.outcome}`));
    for (const expected of [
      'account.register:success',
      'login:success',
      'login:failure',
      'authorization.denied:denied',
      'password.change:success',
      'api-key.create:success',
      'api-key.rotate:success',
      'api-key.revoke:success',
      'ticket.verify:failure',
      'role.create:success',
      'logout:success',
      'admin.bootstrap:success',
    ])
      expect(seen, expected).toContain(expected);
  });

  it('filters by actor, action and outcome, newest first, in pages', async () => {
    const failures = await audit('?action=login&outcome=failure');
    expect(failures.entries.length).toBeGreaterThan(0);
    expect(failures.entries.every((e) => e.action === 'login' && e.outcome === 'failure')).toBe(true);
    const eve = await audit('?actor=eve');
    expect(eve.entries.length).toBeGreaterThan(3);
    expect(eve.entries.every((e) => e.actor.name === 'eve' || e.actor.id !== null)).toBe(true);

    const all = (await audit('?limit=500')).entries;
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const page1 = await audit('?limit=3');
    expect(page1.entries.map((e) => e.id)).toEqual(ids.slice(0, 3));
    const page2 = await audit(`?limit=3&before=${page1.next}`);
    expect(page2.entries.map((e) => e.id)).toEqual(ids.slice(3, 6));
  });

  it('filters by target: what was done to a user, not only what they did', async () => {
    const mallory = await p.signUp('mallory');
    const disabled = await p.call('PATCH', `/v1/admin/users/${mallory.userId}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const done = await audit(`?target=${mallory.userId}`);
    expect(done.entries.map((e) => [e.action, e.actor.id])).toContainEqual(['user.disable', admin.userId]);
    expect(done.entries.every((e) => (e as Entry & { target: string }).target === mallory.userId)).toBe(true);
    // What mallory did herself (registering, signing in) names her as the actor, not the target.
    const theirs = await audit(`?actor=${mallory.userId}`);
    expect(theirs.entries.some((e) => e.action === 'user.disable')).toBe(false);
    const tooLong = await p.call('GET', `/v1/admin/audit?target=${'x'.repeat(257)}`, { token: admin.token });
    expect(errorCode(tooLong)).toBe('VALIDATION_FAILED');
  });

  it('filters by time', async () => {
    const now = p.clock.now();
    p.clock.advance(1000);
    await p.call('GET', '/v1/admin/users', { token: (await p.signUp('late')).token });
    const since = await audit(`?since=${encodeURIComponent(now.toISOString())}`);
    expect(since.entries.length).toBeGreaterThan(0);
    expect(since.entries.every((e) => Date.parse(e.at) >= now.getTime())).toBe(true);
    const until = await audit(`?until=${encodeURIComponent(now.toISOString())}&limit=500`);
    expect(until.entries.every((e) => Date.parse(e.at) < now.getTime())).toBe(true);
    expect(errorCode(await p.call('GET', '/v1/admin/audit?since=yesterday', { token: admin.token }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('is for admins only', async () => {
    const { token } = await p.signUp('nosy');
    expect(errorCode(await p.call('GET', '/v1/admin/audit', { token }))).toBe('FORBIDDEN');
  });

  it('keeps entries for the retention period only', async () => {
    const count = async () => (await p.db.query('select 1 from audit_log')).length;
    const before = await count();
    await p.sweep();
    expect(await count()).toBe(before);
    p.clock.advance(31 * 86_400_000);
    await p.sweep();
    expect(await count()).toBe(0);
  });
});
