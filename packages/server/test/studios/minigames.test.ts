import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createStudio } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

const QUIZ = {
  id: 'quick-quiz',
  name: 'Quick Quiz',
  minPlayers: 1,
  maxPlayers: 8,
  difficulties: ['easy', 'hard'],
};

let p: TestParlor;
let owner: { token: string; userId: string };
let studio: { id: string };
beforeAll(async () => {
  p = await startTestParlor({}, { launcher: new FakeLauncher() });
  owner = await p.signUp('minigame_owner');
  studio = await createStudio(p, owner.token, 'Quiz Studio');
});
afterAll(() => p.stop());

const base = () => `/v1/studios/${studio.id}/minigames`;

describe("a studio's mini-games", () => {
  it('registers one with its minigame key (shown once), listed as a game type with its studio', async () => {
    const res = await p.call('POST', base(), { token: owner.token, body: QUIZ });
    expect(res.statusCode, res.body).toBe(201);
    const { minigame, apiKey } = res.json();
    expect(minigame).toMatchObject({
      ...QUIZ,
      studioId: studio.id,
      connected: false,
      connections: [],
      plays: 0,
    });
    expect(apiKey).toMatchObject({ role: 'minigame', studioId: studio.id, minigameId: QUIZ.id });
    expect(apiKey.key).toMatch(/^plk_/);

    const keys = (await p.call('GET', `/v1/studios/${studio.id}/api-keys`, { token: owner.token })).json();
    expect(keys.apiKeys).toEqual([expect.not.objectContaining({ key: expect.anything() })]);
    expect(keys.apiKeys[0]).toMatchObject({ id: apiKey.id, minigameId: QUIZ.id });

    const types = (await p.call('GET', '/v1/game-types', { token: owner.token })).json().gameTypes;
    expect(types.find((t: { id: string }) => t.id === QUIZ.id)).toMatchObject({
      name: QUIZ.name,
      studioId: studio.id,
      connected: false,
    });
    expect(types.find((t: { id: string }) => t.id === 'gem-rush')).not.toHaveProperty('studioId');

    const list = (await p.call('GET', base(), { token: owner.token })).json().minigames;
    expect(list.map((m: { id: string }) => m.id)).toEqual([QUIZ.id]);
  });

  it('answers MINIGAME_OFFLINE to a game of it while no server of it is connected', async () => {
    const player = await p.signUp('minigame_player');
    const res = await p.call('POST', '/v1/games', { token: player.token, body: { type: QUIZ.id } });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ code: 'MINIGAME_OFFLINE', message: /Quick Quiz/ });
  });

  it('refuses taken ids, built-in ids, bad player counts, and other people', async () => {
    const again = await p.call('POST', base(), { token: owner.token, body: QUIZ });
    expect(errorCode(again)).toBe('CONFLICT');
    const builtIn = await p.call('POST', base(), { token: owner.token, body: { ...QUIZ, id: 'gem-rush' } });
    expect(errorCode(builtIn)).toBe('CONFLICT');
    const backwards = await p.call('POST', base(), {
      token: owner.token,
      body: { ...QUIZ, id: 'backwards', minPlayers: 5, maxPlayers: 2 },
    });
    expect(errorCode(backwards)).toBe('VALIDATION_FAILED');
    const stranger = await p.signUp('minigame_stranger');
    for (const [method, url, body] of [
      ['POST', base(), { ...QUIZ, id: 'stolen' }],
      ['GET', base(), undefined],
      ['PATCH', `${base()}/${QUIZ.id}`, { name: 'Mine' }],
      ['DELETE', `${base()}/${QUIZ.id}`, undefined],
    ] as const) {
      const res = await p.call(method, url, { token: stranger.token, ...(body ? { body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('changes and deletes it; its key goes with it', async () => {
    const changed = await p.call('PATCH', `${base()}/${QUIZ.id}`, {
      token: owner.token,
      body: { name: 'Quicker Quiz', maxPlayers: 4 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Quicker Quiz', maxPlayers: 4, minPlayers: 1 });
    const tooFew = await p.call('PATCH', `${base()}/${QUIZ.id}`, {
      token: owner.token,
      body: { minPlayers: 9 },
    });
    expect(errorCode(tooFew)).toBe('VALIDATION_FAILED');

    const gone = await p.call('DELETE', `${base()}/${QUIZ.id}`, { token: owner.token });
    expect(gone.statusCode).toBe(204);
    expect((await p.call('GET', `${base()}/${QUIZ.id}`, { token: owner.token })).statusCode).toBe(404);
    const keys = (await p.call('GET', `/v1/studios/${studio.id}/api-keys`, { token: owner.token })).json();
    expect(keys.apiKeys).toEqual([]);
    const types = (await p.call('GET', '/v1/game-types', { token: owner.token })).json().gameTypes;
    expect(types.map((t: { id: string }) => t.id)).not.toContain(QUIZ.id);
  });
});
