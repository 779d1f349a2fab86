import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createStudio } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

const GAME = { id: 'framed-quiz', name: 'Framed Quiz', minPlayers: 1, maxPlayers: 4, difficulties: ['easy'] };
const DOC =
  '<!doctype html><html><body><h1>Hi</h1><script>parent.postMessage({type:"ready"},"*")</script></body></html>';

let p: TestParlor;
let owner: { token: string };
let studio: { id: string };
beforeAll(async () => {
  p = await startTestParlor({}, { launcher: new FakeLauncher() });
  owner = await p.signUp('frontend_owner');
  studio = await createStudio(p, owner.token, 'Framed Studio');
  const res = await p.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body: GAME });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => p.stop());

const url = () => `/v1/studios/${studio.id}/minigames/${GAME.id}/frontend`;
const upload = (body: string | Buffer, token = owner.token, type = 'text/html; charset=utf-8') =>
  p.call('PUT', url(), { token, body, headers: { 'content-type': type } });

describe("a mini-game's own front end", () => {
  it('is uploaded by an owner, shown as a version on the game type, and served sandboxed', async () => {
    expect((await p.call('GET', `/v1/minigames/${GAME.id}/frontend`)).statusCode).toBe(404);
    const res = await upload(DOC);
    expect(res.statusCode, res.body).toBe(200);
    const version = res.json().frontend;
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    const types = (await p.call('GET', '/v1/game-types', { token: owner.token })).json().gameTypes;
    expect(types.find((t: { id: string }) => t.id === GAME.id)).toMatchObject({ frontend: version });

    const served = await p.call('GET', `/v1/minigames/${GAME.id}/frontend`);
    expect(served.statusCode).toBe(200);
    expect(served.body).toBe(DOC);
    expect(served.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(served.headers['content-security-policy']);
    for (const part of [
      'sandbox allow-scripts',
      "default-src 'none'",
      "connect-src 'none'",
      "form-action 'none'",
      "frame-ancestors 'self'",
      "base-uri 'none'",
    ])
      expect(csp).toContain(part);
    expect(csp).not.toContain('allow-same-origin');
    expect(served.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
      'connection-allowlist': '();webrtc=block',
    });
    expect(served.headers['set-cookie']).toBeUndefined();
  });

  it('refuses other people, other types, junk and anything over 256 KiB, and keeps the old one', async () => {
    const before = (await p.call('GET', `/v1/minigames/${GAME.id}/frontend`)).body;
    const stranger = await p.signUp('frontend_stranger');
    expect((await upload(DOC, stranger.token)).statusCode).toBe(403);
    expect((await p.call('DELETE', url(), { token: stranger.token })).statusCode).toBe(403);
    expect(
      (await p.call('PUT', url(), { body: DOC, headers: { 'content-type': 'text/html' } })).statusCode,
    ).toBe(401);
    expect(errorCode(await upload(DOC, owner.token, 'text/plain'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(errorCode(await upload(DOC, owner.token, 'application/json'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(errorCode(await upload('<html>no doctype</html>'))).toBe('MINIGAME_FRONTEND_INVALID');
    expect(errorCode(await upload(''))).toBe('MINIGAME_FRONTEND_INVALID');
    // No body and no content type at all (found by the schema fuzz, which once got a 500 here).
    expect(errorCode(await p.call('PUT', url(), { token: owner.token }))).toBe('MINIGAME_FRONTEND_INVALID');
    expect(errorCode(await upload(Buffer.from([0x3c, 0x21, 0xff, 0xfe])))).toBe('MINIGAME_FRONTEND_INVALID');
    expect(errorCode(await upload(`<!doctype html>\u0000`))).toBe('MINIGAME_FRONTEND_INVALID');
    const big = `<!doctype html><p>${'x'.repeat(256 * 1024)}</p>`;
    const tooBig = await upload(big);
    expect(tooBig.statusCode).toBe(413);
    expect(errorCode(tooBig)).toBe('PAYLOAD_TOO_LARGE');
    const other = await p.call('PUT', `/v1/studios/${studio.id}/minigames/nope/frontend`, {
      token: owner.token,
      body: DOC,
      headers: { 'content-type': 'text/html' },
    });
    expect(errorCode(other)).toBe('NOT_FOUND');
    expect((await p.call('GET', `/v1/minigames/${GAME.id}/frontend`)).body).toBe(before);
  });

  it('takes a document near the cap, far above the JSON body limit', async () => {
    const near = `<!doctype html><p>${'x'.repeat(250 * 1024)}</p>`;
    expect((await upload(near)).statusCode).toBe(200);
    expect((await p.call('GET', `/v1/minigames/${GAME.id}/frontend`)).body).toBe(near);
  });

  it('is removed by an owner; the game type loses its version', async () => {
    expect((await p.call('DELETE', url(), { token: owner.token })).statusCode).toBe(204);
    expect(errorCode(await p.call('DELETE', url(), { token: owner.token }))).toBe('NOT_FOUND');
    expect((await p.call('GET', `/v1/minigames/${GAME.id}/frontend`)).statusCode).toBe(404);
    const types = (await p.call('GET', '/v1/game-types', { token: owner.token })).json().gameTypes;
    expect(types.find((t: { id: string }) => t.id === GAME.id)).not.toHaveProperty('frontend');
  });
});
