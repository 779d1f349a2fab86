import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { changePlan, createStudio, report, studioKey, usageOf } from '../support/studios.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
let owner: { token: string; userId: string };
let admin: { token: string; userId: string };
beforeAll(async () => {
  p = await startTestParlor({
    PARLOR_PLANS: 'tiny:3,small:5,big:unlimited,monthly:2/month',
    PARLOR_METRICS_REPORTS_PER_SECOND: '1000',
  });
  owner = await p.signUp('usage_owner');
  admin = await p.admin();
});
afterAll(() => p.stop());

async function studioWithKey(name = 'Usage') {
  const studio = await createStudio(p, owner.token, name);
  const { key } = await studioKey(p, owner.token, studio.id);
  return { studio, key };
}

describe('POST /v1/metrics', () => {
  it('the first report creates the player, active while the plan has room, inactive after', async () => {
    const { studio, key } = await studioWithKey();
    const answers = [];
    for (const userId of ['p1', 'p2', 'p3', 'p4', 'p5'])
      answers.push((await report(p, key, { userId })).json());
    expect(answers.map((a) => [a.userId, a.created, a.active])).toEqual([
      ['p1', true, true],
      ['p2', true, true],
      ['p3', true, true],
      ['p4', true, false],
      ['p5', true, false],
    ]);
    // A later login of a known player creates nothing and keeps their state.
    expect((await report(p, key, { userId: 'p1' })).json()).toMatchObject({ created: false, active: true });
    expect((await report(p, key, { userId: 'p5' })).json()).toMatchObject({ created: false, active: false });
    const usage = await usageOf(p, owner.token, studio.id);
    expect(usage).toEqual({
      studioId: studio.id,
      plan: { id: 'tiny', limit: 3, period: 'all-time' },
      activePlayers: 3,
      inactivePlayers: 2,
      logins: {
        today: 7,
        last30Days: 7,
        byDay: [{ day: new Date(p.clock.nowMs()).toISOString().slice(0, 10), logins: 7 }],
      },
    });
  });

  it('validates userId, at and studioId, and changes nothing when it refuses', async () => {
    const { studio, key } = await studioWithKey();
    const now = p.clock.nowMs();
    const bad = [
      {},
      { userId: '' },
      { userId: 'x'.repeat(129) },
      { userId: 'has space' },
      { userId: 'tab\there' },
      { userId: 'é' },
      { userId: 'ok', at: 'yesterday' },
      { userId: 'ok', at: new Date(now + 60_000).toISOString() },
      { userId: 'ok', at: new Date(now - 25 * 3_600_000).toISOString() },
      { userId: 'ok', studioId: 'not-a-uuid' },
      { userId: 'ok', extra: true },
      { userId: 42 },
    ];
    for (const body of bad)
      expect(errorCode(await report(p, key, body)), JSON.stringify(body)).toBe('VALIDATION_FAILED');
    expect(errorCode(await report(p, key, { userId: 'x'.repeat(128) }))).toBeUndefined();
    const earlier = new Date(now - 23 * 3_600_000).toISOString();
    expect((await report(p, key, { userId: 'past', at: earlier })).json()).toMatchObject({ at: earlier });
    const usage = await usageOf(p, owner.token, studio.id);
    expect(usage.activePlayers).toBe(2);
    expect(usage.logins.last30Days).toBe(2);
  });

  it("a studioId in the body must be the key's", async () => {
    const { studio, key } = await studioWithKey();
    const other = await createStudio(p, owner.token, 'Other');
    expect((await report(p, key, { userId: 'u', studioId: studio.id })).statusCode).toBe(200);
    const refused = await report(p, key, { userId: 'u2', studioId: other.id });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect((await usageOf(p, owner.token, other.id)).activePlayers).toBe(0);
    expect((await usageOf(p, owner.token, studio.id)).activePlayers).toBe(1);
  });

  it('is idempotent per Idempotency-Key: a retry counts once and gets the same answer', async () => {
    const { studio, key } = await studioWithKey();
    const headers = { 'idempotency-key': 'report-0001' };
    const first = await report(p, key, { userId: 'idem' }, headers);
    p.clock.advance(1_000);
    const again = await report(p, key, { userId: 'idem' }, headers);
    expect(first.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(first.json()).toMatchObject({ created: true, active: true });
    expect((await usageOf(p, owner.token, studio.id)).logins.today).toBe(1);
    // The same key for another request is refused and changes nothing.
    const reused = await report(p, key, { userId: 'someone-else' }, headers);
    expect(errorCode(reused)).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await usageOf(p, owner.token, studio.id)).activePlayers).toBe(1);
    // Concurrent retries of one request count once.
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        report(p, key, { userId: 'burst' }, { 'idempotency-key': 'report-0002' }),
      ),
    );
    expect(new Set(burst.map((r) => r.body)).size, burst.map((r) => r.body).join('\n')).toBe(1);
    expect((await usageOf(p, owner.token, studio.id)).logins.today).toBe(2);
    expect(errorCode(await report(p, key, { userId: 'x' }, { 'idempotency-key': 'short' }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('is rate-limited per key with RATE_LIMITED and retryAfterSeconds', async () => {
    const q = await startTestParlor({ PARLOR_METRICS_REPORTS_PER_SECOND: '3' });
    try {
      const o = await q.signUp('limited_owner');
      const studio = await createStudio(q, o.token);
      const a = await studioKey(q, o.token, studio.id);
      const b = await studioKey(q, o.token, studio.id);
      // 12 at once against a bucket of 3 (a slow machine refills a few more while they run).
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, i) => report(q, a.key, { userId: `u${i}` })),
      );
      const codes = burst.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(3);
      expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(1);
      const limited = burst.find((r) => r.statusCode === 429)!;
      expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
      expect(limited.headers['retry-after']).toBe('1');
      // Another key of the same studio has its own budget.
      expect((await report(q, b.key, { userId: 'u9' })).statusCode).toBe(200);
    } finally {
      await q.stop();
    }
  }, 60_000);

  it('takes only a metrics-reporter key of a studio', async () => {
    const { studio } = await studioWithKey();
    const mini = await studioKey(p, owner.token, studio.id, 'minigame');
    expect(errorCode(await report(p, mini.key, { userId: 'u' }))).toBe('FORBIDDEN');
    expect(errorCode(await report(p, owner.token, { userId: 'u' }))).toBe('WRONG_CREDENTIAL_KIND');
    const personal = await p.call('POST', '/v1/api-keys', {
      token: admin.token,
      body: { name: 'loose', role: 'metrics-reporter' },
    });
    const refused = await report(p, personal.json().key, { userId: 'u' });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.json().error.message).toMatch(/no studio/);
  });
});

describe('hostile reports', () => {
  it('no body, header or query makes the usage routes answer 5xx', async () => {
    const { studio, key } = await studioWithKey('Fuzzed');
    const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean(), fc.object());
    await fc.assert(
      fc.asyncProperty(
        fc.record({ userId: value, at: value, studioId: value }, { requiredKeys: [] }),
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 80 }),
        async (body, idem, query) => {
          const res = await report(
            p,
            key,
            body,
            idem ? { 'idempotency-key': idem.replace(/[^\x21-\x7e]/g, '') || 'x' } : {},
          );
          expect(res.statusCode, res.body).toBeLessThan(500);
          const get = await p.call(
            'GET',
            `/v1/studios/${studio.id}/players?${encodeURIComponent(query)}=${encodeURIComponent(idem)}`,
            {
              token: owner.token,
            },
          );
          expect(get.statusCode, get.body).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('plans', () => {
  it('an upgrade seats inactive players at once, oldest first, up to the new limit', async () => {
    const { studio, key } = await studioWithKey();
    for (let i = 1; i <= 8; i++) {
      await report(p, key, { userId: `u${i}` });
      p.clock.advance(1_000);
    }
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({ activePlayers: 3, inactivePlayers: 5 });
    const upgraded = await changePlan(p, owner.token, studio.id, 'small');
    expect(upgraded).toMatchObject({ plan: { id: 'small', limit: 5 }, activated: 2 });
    const active = (
      await p.call('GET', `/v1/studios/${studio.id}/players?active=true`, { token: owner.token })
    ).json();
    expect(active.players.map((x: { userId: string }) => x.userId)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    // A downgrade unseats nobody; new players wait.
    expect(await changePlan(p, owner.token, studio.id, 'tiny')).toMatchObject({ activated: 0 });
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({ activePlayers: 5, inactivePlayers: 3 });
    expect((await report(p, key, { userId: 'u1' })).json().active).toBe(true);
    expect((await report(p, key, { userId: 'late' })).json().active).toBe(false);
    expect(await changePlan(p, owner.token, studio.id, 'big')).toMatchObject({ activated: 4 });
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({ activePlayers: 9, inactivePlayers: 0 });
    expect((await report(p, key, { userId: 'newest' })).json().active).toBe(true);
  });

  it('a plan change is for owners and admins only, names a configured plan, and is audited', async () => {
    const { studio } = await studioWithKey();
    const stranger = await p.signUp('plan_stranger');
    const refused = await p.call('PATCH', `/v1/studios/${studio.id}/plan`, {
      token: stranger.token,
      body: { plan: 'big' },
    });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const unknown = await p.call('PATCH', `/v1/studios/${studio.id}/plan`, {
      token: owner.token,
      body: { plan: 'gold' },
    });
    expect(errorCode(unknown)).toBe('VALIDATION_FAILED');
    await changePlan(p, owner.token, studio.id, 'big');
    const audit = await p.call('GET', '/v1/admin/audit?action=studio.plan.change', { token: admin.token });
    const entry = audit.json().entries.find((e: { target: string }) => e.target === studio.id);
    expect(entry).toMatchObject({
      outcome: 'success',
      detail: { from: 'tiny', to: 'big', direction: 'upgrade' },
    });
  });

  it('a monthly plan counts a player once per UTC month', async () => {
    const { studio, key } = await studioWithKey();
    await changePlan(p, owner.token, studio.id, 'monthly');
    for (const userId of ['m1', 'm2', 'm3']) await report(p, key, { userId });
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({
      plan: { period: 'month', limit: 2 },
      activePlayers: 2,
      inactivePlayers: 1,
    });
    // Next month everyone starts unseated; the first to come back take the seats.
    const now = new Date(p.clock.nowMs());
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 1);
    p.clock.advance(nextMonth - now.getTime());
    // A month on, every session has expired: sign in again.
    const login = await p.call('POST', '/v1/sessions', {
      body: { username: 'usage_owner', password: PASSWORD },
    });
    owner = { token: login.json().token, userId: owner.userId };
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({ activePlayers: 0, inactivePlayers: 0 });
    expect((await report(p, key, { userId: 'm3' })).json()).toMatchObject({ created: false, active: true });
    expect((await report(p, key, { userId: 'm1' })).json().active).toBe(true);
    expect((await report(p, key, { userId: 'm2' })).json().active).toBe(false);
  });
});

describe('GET /v1/studios/{id}/players', () => {
  it('pages through players in the order they came, filtered by active', async () => {
    const { studio, key } = await studioWithKey();
    for (let i = 0; i < 7; i++) {
      await report(p, key, { userId: `page-${i}` });
      p.clock.advance(10);
    }
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const url: string = `/v1/studios/${studio.id}/players?limit=2${next ? `&after=${next}` : ''}`;
      const page: { players: { userId: string }[]; next: string | null } = (
        await p.call('GET', url, { token: owner.token })
      ).json();
      expect(page.players.length).toBeLessThanOrEqual(2);
      seen.push(...page.players.map((x: { userId: string }) => x.userId));
      next = page.next;
    } while (next);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `page-${i}`));
    const inactive = (
      await p.call('GET', `/v1/studios/${studio.id}/players?active=false`, { token: owner.token })
    ).json();
    expect(inactive.players.map((x: { userId: string; active: boolean }) => [x.userId, x.active])).toEqual([
      ['page-3', false],
      ['page-4', false],
      ['page-5', false],
      ['page-6', false],
    ]);
    expect(inactive.players[0]).toMatchObject({ source: 'studio', firstSeenAt: expect.any(String) });
    for (const q of ['limit=0', 'limit=501', 'active=yes', 'after=!!', 'after=bm90LWpzb24'])
      expect(
        errorCode(await p.call('GET', `/v1/studios/${studio.id}/players?${q}`, { token: owner.token })),
        q,
      ).toBe('VALIDATION_FAILED');
  });
});
