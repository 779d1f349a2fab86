import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { createStudio } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
let admin: { token: string; userId: string };
beforeAll(async () => {
  p = await startTestParlor();
  admin = await p.admin();
});
afterAll(() => p.stop());

describe('studios', () => {
  it('the creator is the first owner, on the default plan', async () => {
    const ada = await p.signUp('ada_studio');
    const studio = await createStudio(p, ada.token, 'Ada Games');
    expect(studio).toMatchObject({
      name: 'Ada Games',
      plan: { id: 'free', limit: 50, period: 'all-time' },
      owners: [{ userId: ada.userId, username: 'ada_studio' }],
    });
    const got = await p.call('GET', `/v1/studios/${studio.id}`, { token: ada.token });
    expect(got.statusCode).toBe(200);
    expect(got.json().id).toBe(studio.id);
  });

  it('lists my studios; admins see all of them', async () => {
    const one = await p.signUp('lister_one');
    const two = await p.signUp('lister_two');
    const a = await createStudio(p, one.token, 'One');
    const b = await createStudio(p, two.token, 'Two');
    const mine = (await p.call('GET', '/v1/studios', { token: one.token })).json().studios;
    expect(mine.map((s: { id: string }) => s.id)).toEqual([a.id]);
    const all = (await p.call('GET', '/v1/studios', { token: admin.token })).json().studios;
    expect(all.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('a player who owns no part of the studio is refused everything of it', async () => {
    const owner = await p.signUp('owner_x');
    const stranger = await p.signUp('stranger_x');
    const studio = await createStudio(p, owner.token);
    for (const [method, url, body] of [
      ['GET', `/v1/studios/${studio.id}`, undefined],
      ['PATCH', `/v1/studios/${studio.id}`, { name: 'mine now' }],
      ['DELETE', `/v1/studios/${studio.id}`, undefined],
      ['POST', `/v1/studios/${studio.id}/owners`, { userId: stranger.userId }],
      ['PATCH', `/v1/studios/${studio.id}/plan`, { plan: 'pro' }],
      ['POST', `/v1/studios/${studio.id}/api-keys`, { name: 'k', role: 'metrics-reporter' }],
      ['GET', `/v1/studios/${studio.id}/api-keys`, undefined],
      ['GET', `/v1/studios/${studio.id}/players`, undefined],
      ['GET', `/v1/metrics?studioId=${studio.id}`, undefined],
    ] as const) {
      const res = await p.call(method, url, { token: stranger.token, body });
      expect(errorCode(res), `${method} ${url}`).toBe('FORBIDDEN');
    }
    // Owning one studio gives nothing in another.
    const own = await createStudio(p, stranger.token);
    expect(own.id).not.toBe(studio.id);
    expect(errorCode(await p.call('GET', `/v1/studios/${studio.id}`, { token: stranger.token }))).toBe(
      'FORBIDDEN',
    );
    // Admins may act on any studio.
    expect((await p.call('GET', `/v1/studios/${studio.id}`, { token: admin.token })).statusCode).toBe(200);
  });

  it('renames, and validates the name', async () => {
    const o = await p.signUp('renamer');
    const studio = await createStudio(p, o.token);
    const res = await p.call('PATCH', `/v1/studios/${studio.id}`, {
      token: o.token,
      body: { name: 'New Name' },
    });
    expect(res.json().name).toBe('New Name');
    for (const name of ['', '   ', 'x'.repeat(81), 'bad\u0000name', 'line\nbreak'])
      expect(
        errorCode(await p.call('PATCH', `/v1/studios/${studio.id}`, { token: o.token, body: { name } })),
      ).toBe('VALIDATION_FAILED');
    expect(
      errorCode(await p.call('POST', '/v1/studios', { token: o.token, body: { name: 'a', extra: 1 } })),
    ).toBe('VALIDATION_FAILED');
  });

  it('adds and removes owners, never the last one', async () => {
    const first = await p.signUp('owner_first');
    const second = await p.signUp('owner_second');
    const studio = await createStudio(p, first.token);
    const added = await p.call('POST', `/v1/studios/${studio.id}/owners`, {
      token: first.token,
      body: { userId: second.userId },
    });
    expect(
      added
        .json()
        .owners.map((o: { userId: string }) => o.userId)
        .sort(),
    ).toEqual([first.userId, second.userId].sort());
    // The new owner may act at once.
    expect((await p.call('GET', `/v1/studios/${studio.id}`, { token: second.token })).statusCode).toBe(200);
    const removed = await p.call('DELETE', `/v1/studios/${studio.id}/owners/${first.userId}`, {
      token: second.token,
    });
    expect(removed.json().owners).toEqual([{ userId: second.userId, username: 'owner_second' }]);
    expect(errorCode(await p.call('GET', `/v1/studios/${studio.id}`, { token: first.token }))).toBe(
      'FORBIDDEN',
    );
    const last = await p.call('DELETE', `/v1/studios/${studio.id}/owners/${second.userId}`, {
      token: second.token,
    });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.message).toMatch(/last owner/);
    const unknown = await p.call('POST', `/v1/studios/${studio.id}/owners`, {
      token: second.token,
      body: { userId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });

  it('two owners removing each other at once leave one owner', async () => {
    const a = await p.signUp('race_a');
    const b = await p.signUp('race_b');
    const studio = await createStudio(p, a.token);
    await p.call('POST', `/v1/studios/${studio.id}/owners`, { token: a.token, body: { userId: b.userId } });
    const results = await Promise.all([
      p.call('DELETE', `/v1/studios/${studio.id}/owners/${b.userId}`, { token: a.token }),
      p.call('DELETE', `/v1/studios/${studio.id}/owners/${a.userId}`, { token: b.token }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const view = (await p.call('GET', `/v1/studios/${studio.id}`, { token: admin.token })).json();
    expect(view.owners).toHaveLength(1);
  });

  it('a scoped owner binding cannot be removed through the RBAC API, nor does it hold elsewhere', async () => {
    const o = await p.signUp('scoped_owner');
    const studio = await createStudio(p, o.token);
    const bindings = (await p.call('GET', '/v1/role-bindings', { token: admin.token })).json().bindings;
    const mine = bindings.find((b: { subject: { id: string }; scope?: string }) => b.subject.id === o.userId);
    expect(mine).toMatchObject({ role: 'studio-owner', scope: `studio:${studio.id}` });
    const res = await p.call('DELETE', `/v1/role-bindings/${mine.name}`, { token: admin.token });
    expect(errorCode(res)).toBe('CONFLICT');
    const review = await p.call('POST', '/v1/access-reviews', {
      token: o.token,
      body: { verb: 'get', resource: 'studios' },
    });
    expect(review.json().allowed).toBe(false);
  });

  it('deletes a studio with its keys', async () => {
    const o = await p.signUp('deleter');
    const studio = await createStudio(p, o.token);
    const key = (
      await p.call('POST', `/v1/studios/${studio.id}/api-keys`, {
        token: o.token,
        body: { name: 'r', role: 'metrics-reporter' },
      })
    ).json().key;
    expect((await p.call('POST', '/v1/metrics', { token: key, body: { userId: 'u1' } })).statusCode).toBe(
      200,
    );
    expect((await p.call('DELETE', `/v1/studios/${studio.id}`, { token: o.token })).statusCode).toBe(204);
    expect(errorCode(await p.call('GET', `/v1/studios/${studio.id}`, { token: admin.token }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await p.call('POST', '/v1/metrics', { token: key, body: { userId: 'u1' } }))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await p.call('GET', '/v1/studios', { token: o.token })).json().studios).toEqual([]);
  });

  it('one person owns at most 20 studios', async () => {
    const busy = await p.signUp('busy_founder');
    for (let i = 0; i < 20; i++) await createStudio(p, busy.token, `Studio ${i}`);
    const refused = await p.call('POST', '/v1/studios', { token: busy.token, body: { name: 'One more' } });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect((await p.call('GET', '/v1/studios', { token: busy.token })).json().studios).toHaveLength(20);
  });

  it('lists the configured plans', async () => {
    const o = await p.signUp('plan_reader');
    const res = await p.call('GET', '/v1/plans', { token: o.token });
    expect(res.json()).toEqual({
      default: 'free',
      plans: [
        { id: 'free', limit: 50, period: 'all-time' },
        { id: 'pro', limit: 1000, period: 'all-time' },
        { id: 'enterprise', limit: null, period: 'all-time' },
      ],
    });
  });
});

describe('PARLOR_STUDIO_CREATION=admins', () => {
  it('only admins create studios', async () => {
    const q = await startTestParlor({ PARLOR_STUDIO_CREATION: 'admins' });
    try {
      const root = await q.admin();
      const player = await q.signUp('wannabe');
      const refused = await q.call('POST', '/v1/studios', { token: player.token, body: { name: 'Mine' } });
      expect(errorCode(refused)).toBe('FORBIDDEN');
      expect(refused.json().error.message).toMatch(/only admins/);
      expect(
        (await q.call('POST', '/v1/studios', { token: root.token, body: { name: 'Ours' } })).statusCode,
      ).toBe(201);
    } finally {
      await q.stop();
    }
  }, 60_000);
});
