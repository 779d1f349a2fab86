import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf } from '@parlor/protocol';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createStudio, studioKey } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

const QUIZ = {
  id: 'connect-quiz',
  name: 'Connect Quiz',
  minPlayers: 1,
  maxPlayers: 4,
  difficulties: ['easy'],
};

let p: TestParlor;
let owner: { token: string };
let studio: { id: string };
let apiKey: { id: string; key: string };
beforeAll(async () => {
  p = await startTestParlor({}, { launcher: new FakeLauncher(), listen: true });
  owner = await p.signUp('connect_owner');
  studio = await createStudio(p, owner.token, 'Connect Studio');
  const res = await p.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body: QUIZ });
  expect(res.statusCode, res.body).toBe(201);
  apiKey = res.json().apiKey;
});
afterAll(() => p.stop());

/** Opens the control socket, sends `first`, and records what comes back until it closes. */
function connect(first: unknown, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${p.url.replace(/^http/, 'ws')}/v1/minigames/connect`, { headers });
  const frames: { type: string; code?: string }[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  void opened.then(
    () => ws.send(typeof first === 'string' ? first : JSON.stringify(first)),
    () => {},
  );
  const welcomed = new Promise<void>((resolve, reject) => {
    ws.on('message', () => frames.some((f) => f.type === 'welcome') && resolve());
    void closed.then(() => reject(new Error(`closed: ${JSON.stringify(frames)}`)));
  });
  welcomed.catch(() => {}); // awaited only by the tests that expect a welcome
  return { ws, frames, opened, closed, welcomed };
}

const minigame = async () =>
  (await p.call('GET', `/v1/studios/${studio.id}/minigames/${QUIZ.id}`, { token: owner.token })).json();

describe("a mini-game server's control socket", () => {
  it('takes the key in the first frame, records the connection, and shows the mini-game connected', async () => {
    const c = connect({ type: 'hello', key: apiKey.key, protocolVersion: 1 });
    await c.welcomed;
    expect(c.frames[0]).toMatchObject({ type: 'welcome', minigameId: QUIZ.id, protocolVersion: 1 });
    const view = await minigame();
    expect(view.connected).toBe(true);
    expect(view.connections[0]).toMatchObject({ address: '127.0.0.1', protocolVersion: 1, endedAt: null });
    const types = (await p.call('GET', '/v1/game-types', { token: owner.token })).json().gameTypes;
    expect(types.find((t: { id: string }) => t.id === QUIZ.id)).toMatchObject({ connected: true });

    // Revoking the key drops its connection at once, and the studio can read why.
    const revoked = await p.call('DELETE', `/v1/studios/${studio.id}/api-keys/${apiKey.id}`, {
      token: owner.token,
    });
    expect(revoked.statusCode).toBe(204);
    expect(await c.closed).toBe(closeCodeOf('MINIGAME_KEY_REFUSED'));
    await expect.poll(async () => (await minigame()).connections[0].endedAt).not.toBeNull();
    const after = await minigame();
    expect(after.connected).toBe(false);
    expect(after.connections[0].endReason).toMatch(/revoked/);
    // and the revoked key cannot connect again
    const again = connect({ type: 'hello', key: apiKey.key, protocolVersion: 1 });
    expect(await again.closed).toBe(closeCodeOf('MINIGAME_KEY_REFUSED'));
  });

  it('closes a server that floods its control socket, and records why', async () => {
    const key = (
      await p.call('POST', `/v1/studios/${studio.id}/minigames`, {
        token: owner.token,
        body: { ...QUIZ, id: 'connect-flood' },
      })
    ).json().apiKey.key;
    const c = connect({ type: 'hello', key, protocolVersion: 1 });
    await c.welcomed;
    for (let i = 0; i < 60; i++) c.ws.send('{}');
    expect(await c.closed).toBe(closeCodeOf('RATE_LIMITED'));
    const url = `/v1/studios/${studio.id}/minigames/connect-flood`;
    await expect
      .poll(async () => (await p.call('GET', url, { token: owner.token })).json().connections[0].endReason)
      .toMatch(/Too many frames/);
  });

  it('refuses junk, other keys, unknown versions and browsers; nothing is recorded', async () => {
    const reporter = await studioKey(p, owner.token, studio.id, 'metrics-reporter');
    const personal = (
      await p.call('POST', '/v1/api-keys', { token: owner.token, body: { name: 'mine' } })
    ).json();
    const fresh = (
      await p.call('POST', `/v1/studios/${studio.id}/minigames`, {
        token: owner.token,
        body: { ...QUIZ, id: 'connect-quiz-two' },
      })
    ).json().apiKey;
    const cases: [unknown, string][] = [
      ['not json', 'BAD_FRAME'],
      [{ type: 'hello', key: fresh.key }, 'BAD_FRAME'],
      [{ type: 'hello', key: fresh.key, protocolVersion: 1, extra: 1 }, 'BAD_FRAME'],
      [{ type: 'hello', key: 'plk_nope', protocolVersion: 1 }, 'MINIGAME_KEY_REFUSED'],
      [{ type: 'hello', key: reporter.key, protocolVersion: 1 }, 'MINIGAME_KEY_REFUSED'],
      [{ type: 'hello', key: owner.token, protocolVersion: 1 }, 'MINIGAME_KEY_REFUSED'],
      [{ type: 'hello', key: fresh.key, protocolVersion: 99 }, 'MINIGAME_PROTOCOL_UNSUPPORTED'],
    ];
    if (personal.key)
      cases.push([{ type: 'hello', key: personal.key, protocolVersion: 1 }, 'MINIGAME_KEY_REFUSED']);
    for (const [first, code] of cases) {
      const c = connect(first);
      expect(await c.closed, JSON.stringify(first)).toBe(closeCodeOf(code as 'BAD_FRAME'));
      expect(c.frames).toEqual([expect.objectContaining({ type: 'closing', code })]);
    }
    const two = (
      await p.call('GET', `/v1/studios/${studio.id}/minigames/connect-quiz-two`, { token: owner.token })
    ).json();
    expect(two.connections).toEqual([]);

    const browser = connect({ type: 'hello', key: fresh.key, protocolVersion: 1 }, { origin: p.url });
    await expect(browser.opened).rejects.toThrow(/403/);
    const plain = await p.call('GET', '/v1/minigames/connect', {});
    expect(plain.statusCode).toBe(426);

    // The minigame key is refused on every other endpoint.
    for (const [method, url] of [
      ['GET', '/v1/me'],
      ['GET', `/v1/studios/${studio.id}`],
      ['GET', `/v1/studios/${studio.id}/minigames`],
      ['POST', '/v1/metrics'],
      ['GET', '/v1/channels/lobby/messages'],
      ['GET', '/v1/admin/users'],
      ['GET', '/v1/game-types'],
    ] as const) {
      const res = await p.call(method, url, {
        token: fresh.key,
        ...(method === 'POST' ? { body: { userId: 'x' } } : {}),
      });
      expect([401, 403], `${method} ${url}`).toContain(res.statusCode);
    }
  });
});
