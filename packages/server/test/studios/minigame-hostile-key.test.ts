import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf, encodeFrame } from '@parlor/protocol';
import { createStudio } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

// A mini-game's key opens its control socket and nothing else. Every route of the published
// contract is called with it, so a route added later is covered without touching this file.
let p: TestParlor;
let key: string;
let studioId: string;
const MINIGAME = { id: 'key-probe', name: 'Key Probe', minPlayers: 1, maxPlayers: 2, difficulties: ['easy'] };
// Routes anyone may call without credentials (docs/rbac.md): the key must add nothing there.
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /v1/setup',
  'POST /v1/accounts',
  'POST /v1/sessions',
  'POST /v1/admin/bootstrap',
  // The sandboxed front-end document every player's iframe loads (docs/minigame-frontend.md).
  'GET /v1/minigames/{minigameId}/frontend',
  // Upgrades: answered 426 to plain HTTP whatever the credential.
  'GET /v1/games/{id}/socket',
  'GET /v1/minigames/connect',
]);
const REFUSALS = ['WRONG_CREDENTIAL_KIND', 'FORBIDDEN', 'UNAUTHENTICATED'];

beforeAll(async () => {
  p = await startTestParlor({}, { listen: true });
  const owner = await p.signUp('key_probe_owner');
  studioId = (await createStudio(p, owner.token, 'Key Probe Studio')).id;
  const reg = await p.call('POST', `/v1/studios/${studioId}/minigames`, {
    token: owner.token,
    body: MINIGAME,
  });
  expect(reg.statusCode, reg.body).toBe(201);
  key = reg.json().apiKey.key;
});
afterAll(() => p.stop());

async function everyRoute(): Promise<{ method: string; path: string; url: string }[]> {
  const spec = (await p.call('GET', '/openapi.json')).json() as { paths: Record<string, object> };
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => ({
      method: m.toUpperCase(),
      path,
      // Its own studio and mini-game where the route names them: the nearest a key could get.
      url: path
        .replace('{id}', studioId)
        .replace('{minigameId}', MINIGAME.id)
        .replace(/\{[^}]+\}/g, 'x'),
    })),
  );
}

const errorCodeOf = (body: string) => {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

describe("a mini-game's key", () => {
  it('is refused with a documented code on every route that needs a credential', async () => {
    const routes = await everyRoute();
    expect(routes.length).toBeGreaterThan(50);
    for (const { method, path, url } of routes) {
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method) ? { body: {} } : {};
      const res = await p.call(method, url, { token: key, ...withBody });
      if (PUBLIC.has(`${method} ${path}`)) {
        // The same answer as with no credential at all.
        const anonymous = await p.call(method, url, withBody);
        expect(res.statusCode, `${method} ${path}`).toBe(anonymous.statusCode);
        continue;
      }
      expect([401, 403], `${method} ${path}`).toContain(res.statusCode);
      expect(REFUSALS, `${method} ${path}`).toContain(errorCodeOf(res.body));
    }
  });

  it('opens nothing when sent any other way than a Bearer header', async () => {
    const ways: Record<string, string>[] = [
      { 'x-api-key': key },
      { authorization: key },
      { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      { cookie: `session=${key}; token=${key}` },
    ];
    for (const headers of ways) {
      const res = await p.call('GET', '/v1/me', { headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
    }
    const inQuery = await p.call('GET', `/v1/me?token=${key}&access_token=${key}&key=${key}`);
    expect(inQuery.statusCode).toBe(401);
  });

  it('is refused on the realtime socket and as a player on a game socket', async () => {
    const wsBase = p.url.replace(/^http/, 'ws');
    const realtime = new WebSocket(`${wsBase}/v1/realtime`);
    realtime.on('open', () => realtime.send(JSON.stringify({ type: 'auth', token: key })));
    const rtCode = await new Promise<number>((resolve) => realtime.on('close', resolve));
    expect(rtCode).toBe(closeCodeOf('UNAUTHENTICATED'));

    const owner = await p.signUp('key_probe_host');
    const game = await p.call('POST', '/v1/games', { token: owner.token, body: { type: 'gem-rush' } });
    expect(game.statusCode, game.body).toBe(201);
    const asPlayer = new WebSocket(game.json().url);
    asPlayer.on('open', () => asPlayer.send(encodeFrame({ type: 'hello', token: key })));
    const closed = await new Promise<number>((resolve) => asPlayer.on('close', resolve));
    expect(closed).toBe(closeCodeOf('TOKEN_INVALID'));
    expect((await p.call('GET', '/healthz')).statusCode).toBe(200);
  });
});
