import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { errorCode } from '../support/credentials.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createStudio } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

const GAME = {
  id: 'unframed-quiz',
  name: 'Unframed Quiz',
  minPlayers: 1,
  maxPlayers: 4,
  difficulties: ['easy'],
};
const DOC = '<!doctype html><html><body><h1>Hi</h1></body></html>';

/**
 * PARLOR_MINIGAME_FRONTENDS=off, on a node that shares its database with one where front ends
 * are on (as after a restart with the setting changed): a document uploaded before stays stored
 * but is neither served nor named, and no new one is taken.
 */
let on: TestParlor;
let off: TestParlor;
let owner: { token: string };
let studio: { id: string };
beforeAll(async () => {
  on = await startTestParlor({}, { launcher: new FakeLauncher() });
  owner = await on.signUp('unframed_owner');
  studio = await createStudio(on, owner.token, 'Unframed Studio');
  const res = await on.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body: GAME });
  expect(res.statusCode, res.body).toBe(201);
  const up = await upload(on, DOC);
  expect(up.statusCode, up.body).toBe(200);
  // Started once the upload is stored, as a node restarted with the setting changed.
  off = await startTestParlor(
    { PARLOR_MINIGAME_FRONTENDS: 'off' },
    { launcher: new FakeLauncher(), db: on.db },
  );
});
afterAll(async () => {
  await off?.stop();
  await on?.stop();
});

const url = () => `/v1/studios/${studio.id}/minigames/${GAME.id}/frontend`;
const upload = (p: TestParlor, body: string, token = owner.token) =>
  p.call('PUT', url(), { token, body, headers: { 'content-type': 'text/html' } });
const gameType = async (p: TestParlor) =>
  (await p.call('GET', '/v1/game-types', { token: owner.token }))
    .json()
    .gameTypes.find((t: { id: string }) => t.id === GAME.id);

describe('PARLOR_MINIGAME_FRONTENDS', () => {
  it('defaults to sandboxed and takes nothing else', () => {
    expect(on.config.minigameFrontends).toBe('sandboxed');
    expect(off.config.minigameFrontends).toBe('off');
    expect(() => loadConfig({ PARLOR_MINIGAME_FRONTENDS: 'open' })).toThrow(/PARLOR_MINIGAME_FRONTENDS/);
  });

  it('off: the game type names no front end, so players get the component UI', async () => {
    expect(await gameType(on)).toHaveProperty('frontend');
    expect(await gameType(off)).toMatchObject({ id: GAME.id });
    expect(await gameType(off)).not.toHaveProperty('frontend');
  });

  it('off: the stored document is not served', async () => {
    expect((await on.call('GET', `/v1/minigames/${GAME.id}/frontend`)).statusCode).toBe(200);
    const served = await off.call('GET', `/v1/minigames/${GAME.id}/frontend`);
    expect(served.statusCode).toBe(404);
    expect(errorCode(served)).toBe('NOT_FOUND');
    expect(served.body).not.toContain('<h1>');
  });

  it('off: an upload is refused with FORBIDDEN after authentication, and the old one is kept', async () => {
    expect(
      (await off.call('PUT', url(), { body: DOC, headers: { 'content-type': 'text/html' } })).statusCode,
    ).toBe(401);
    const refused = await upload(off, '<!doctype html><p>new</p>');
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.json().error.message).toMatch(/front ends/);
    // Refused before the body is read: junk gets the same answer, not a validation error.
    expect(errorCode(await upload(off, 'not html'))).toBe('FORBIDDEN');
    expect((await on.call('GET', `/v1/minigames/${GAME.id}/frontend`)).body).toBe(DOC);
  });

  it('off: an owner may still remove a stored document', async () => {
    expect((await off.call('DELETE', url(), { token: owner.token })).statusCode).toBe(204);
    expect((await on.call('GET', `/v1/minigames/${GAME.id}/frontend`)).statusCode).toBe(404);
  });
});
