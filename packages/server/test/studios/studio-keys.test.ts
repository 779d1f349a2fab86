import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { createStudio, report, studioKey } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
let owner: { token: string; userId: string };
let studioA: { id: string };
let studioB: { id: string };
beforeAll(async () => {
  p = await startTestParlor();
  owner = await p.signUp('keys_owner');
  studioA = await createStudio(p, owner.token, 'A');
  studioB = await createStudio(p, (await p.signUp('keys_other')).token, 'B');
});
afterAll(() => p.stop());

describe("a studio's API keys", () => {
  it('are made with the secret shown once, listed, rotated and revoked', async () => {
    const res = await p.call('POST', `/v1/studios/${studioA.id}/api-keys`, {
      token: owner.token,
      body: { name: 'reporter', role: 'metrics-reporter', expiresInDays: 30 },
    });
    expect(res.statusCode).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({
      role: 'metrics-reporter',
      studioId: studioA.id,
      key: expect.stringMatching(/^plk_/),
    });
    const listed = (await p.call('GET', `/v1/studios/${studioA.id}/api-keys`, { token: owner.token })).json();
    expect(listed.apiKeys).toEqual([expect.objectContaining({ id: made.id, name: 'reporter' })]);
    expect(JSON.stringify(listed)).not.toContain(made.key);
    // Personal key lists do not show studio keys, and personal routes cannot rotate them.
    expect((await p.call('GET', '/v1/api-keys', { token: owner.token })).json().apiKeys).toEqual([]);
    expect(errorCode(await p.call('POST', `/v1/api-keys/${made.id}/rotate`, { token: owner.token }))).toBe(
      'NOT_FOUND',
    );

    const rotated = await p.call('POST', `/v1/studios/${studioA.id}/api-keys/${made.id}/rotate`, {
      token: owner.token,
    });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().key as string;
    expect(fresh).not.toBe(made.key);
    expect(errorCode(await report(p, made.key, { userId: 'u' }))).toBe('UNAUTHENTICATED');
    expect((await report(p, fresh, { userId: 'u' })).statusCode).toBe(200);

    expect(
      (await p.call('DELETE', `/v1/studios/${studioA.id}/api-keys/${made.id}`, { token: owner.token }))
        .statusCode,
    ).toBe(204);
    expect(errorCode(await report(p, fresh, { userId: 'u' }))).toBe('UNAUTHENTICATED');
    expect(
      (await p.call('GET', `/v1/studios/${studioA.id}/api-keys`, { token: owner.token })).json().apiKeys,
    ).toEqual([]);
  });

  it('take only the studio roles, and another studio cannot touch them', async () => {
    for (const role of ['admin', 'studio-owner', 'community-server', 'player'])
      expect(
        errorCode(
          await p.call('POST', `/v1/studios/${studioA.id}/api-keys`, {
            token: owner.token,
            body: { name: 'x', role },
          }),
        ),
        role,
      ).toBe('VALIDATION_FAILED');
    const key = await studioKey(p, owner.token, studioA.id, 'minigame');
    // B's owner may not reach A's key through B's routes: it looks missing.
    const bOwner = (
      await p.call('POST', '/v1/sessions', {
        body: { username: 'keys_other', password: 'a long enough passphrase' },
      })
    ).json();
    for (const [method, url] of [
      ['POST', `/v1/studios/${studioB.id}/api-keys/${key.id}/rotate`],
      ['DELETE', `/v1/studios/${studioB.id}/api-keys/${key.id}`],
    ] as const)
      expect(errorCode(await p.call(method, url, { token: bOwner.token }))).toBe('NOT_FOUND');
  });
});

/** Routes that take no session: public, their own credential, or an API key. */
const NOT_SESSION = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'POST /v1/accounts',
  'POST /v1/sessions',
  'POST /v1/admin/bootstrap',
  'POST /v1/tickets/verify',
  'POST /v1/metrics',
  'POST /v1/internal/games/{id}/ready',
  'POST /v1/internal/games/{id}/heartbeat',
  'POST /v1/internal/games/{id}/status',
  'POST /v1/internal/games/{id}/host',
  'POST /v1/internal/games/{id}/revocations',
  'GET /v1/setup',
  'GET /v1/games/{id}/socket',
  // The key comes in its first frame; minigame-connect.test.ts covers it.
  'GET /v1/minigames/connect',
  // Public: the sandboxed front end every player's iframe loads, with no credential at all.
  'GET /v1/minigames/{minigameId}/frontend',
]);

describe('a key of studio A acts for studio A only', () => {
  it('is refused for studio B with FORBIDDEN', async () => {
    const a = await studioKey(p, owner.token, studioA.id);
    expect((await report(p, a.key, { userId: 'x', studioId: studioA.id })).statusCode).toBe(200);
    const refused = await report(p, a.key, { userId: 'x', studioId: studioB.id });
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });

  it('is refused on every session endpoint with WRONG_CREDENTIAL_KIND, for either studio', async () => {
    const doc = (await p.call('GET', '/openapi.json')).json() as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })),
    );
    const sessionRoutes = routes.filter((r) => !NOT_SESSION.has(`${r.method} ${r.path}`));
    expect(sessionRoutes.filter((r) => r.path.startsWith('/v1/studios')).length).toBeGreaterThanOrEqual(12);
    const keys = [
      await studioKey(p, owner.token, studioA.id),
      await studioKey(p, owner.token, studioA.id, 'minigame'),
    ];
    for (const key of keys)
      for (const studio of [studioA, studioB])
        for (const r of sessionRoutes) {
          const url =
            r.path
              .replace('{id}', studio.id)
              .replace('{userId}', owner.userId)
              .replace('{keyId}', key.id)
              .replace(/\{[^}]+\}/g, 'x') + (r.path === '/v1/metrics' ? `?studioId=${studio.id}` : '');
          const res = await p.call(r.method, url, { token: key.key, body: {} });
          expect(errorCode(res), `${r.method} ${url}`).toBe('WRONG_CREDENTIAL_KIND');
        }
    // Nothing changed: A still has its owner and keys.
    const view = (await p.call('GET', `/v1/studios/${studioA.id}`, { token: owner.token })).json();
    expect(view.owners).toHaveLength(1);
  });
});
