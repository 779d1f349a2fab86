import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from './support/credentials.js';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, readyOnLaunch } from './support/games.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

// The admin console's user page: a user's active sessions and their games, for admins only.

let p: TestParlor;
let admin: string;
let ada: { token: string; userId: string };
let gameId: string;

beforeAll(async () => {
  const fake = new FakeLauncher();
  p = await startTestParlor({}, { launcher: fake });
  readyOnLaunch(p, fake);
  admin = (await p.admin()).token;
  ada = await p.signUp('ada_activity');
  gameId = (await createGame(p, ada.token)).gameId;
});
afterAll(() => p.stop());

describe("an admin reads a user's sessions and games", () => {
  it('lists the active sessions with address and browser, none marked current', async () => {
    const res = await p.call('GET', `/v1/admin/users/${ada.userId}/sessions`, { token: admin });
    expect(res.statusCode, res.body).toBe(200);
    const { sessions } = res.json();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ current: false, ip: expect.any(String) });
  });

  it('lists the games they have a seat in', async () => {
    const res = await p.call('GET', `/v1/admin/users/${ada.userId}/games`, { token: admin });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().games.map((g: { id: string }) => g.id)).toEqual([gameId]);
  });

  it('refuses a player, even about themselves, and a malformed id', async () => {
    for (const route of ['sessions', 'games']) {
      const own = await p.call('GET', `/v1/admin/users/${ada.userId}/${route}`, { token: ada.token });
      expect(errorCode(own)).toBe('FORBIDDEN');
      const bad = await p.call('GET', `/v1/admin/users/not-a-uuid/${route}`, { token: admin });
      expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    }
  });
});
