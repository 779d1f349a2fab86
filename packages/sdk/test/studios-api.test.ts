import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParlorClient } from '../src/index.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../../server/test/support/test-parlor.js';

// Every call of client.studios against a real Parlor on a port, over real fetch.
let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_PLANS: 'free:2,pro:10' }, { listen: true });
});
afterAll(() => p.stop());

async function signedUp(name: string) {
  const c = new ParlorClient({ baseUrl: p.url });
  const s = await c.identity.signUp(name, PASSWORD);
  return { c, userId: s.user.id };
}

describe('client.studios', () => {
  it('creates, reads, renames; keys report usage; plan change seats the waiting; owners; removes', async () => {
    const { c } = await signedUp('sdk_studio_ada');
    const bob = await signedUp('sdk_studio_bob');
    const studio = await c.studios.create('Ada Games');
    expect(studio.plan).toEqual({ id: 'free', limit: 2, period: 'all-time' });
    expect((await c.studios.list()).map((s) => s.id)).toEqual([studio.id]);
    expect((await c.studios.rename(studio.id, 'Ada Studio')).name).toBe('Ada Studio');
    expect((await c.studios.plans()).plans.map((x) => x.id)).toEqual(['free', 'pro']);

    const made = await c.studios.createKey(studio.id, { name: 'backend', role: 'metrics-reporter' });
    expect(made.key).toMatch(/^plk_/);
    const reporter = new ParlorClient({ baseUrl: p.url, token: made.key });
    for (const userId of ['p1', 'p2', 'p3'])
      expect((await reporter.studios.reportLogin({ userId }, `report-${userId}`)).created).toBe(true);
    const usage = await c.studios.usage(studio.id);
    expect([usage.activePlayers, usage.inactivePlayers]).toEqual([2, 1]);
    expect((await c.studios.players(studio.id, { active: false })).players.map((x) => x.userId)).toEqual([
      'p3',
    ]);
    const page = await c.studios.players(studio.id, { limit: 1 });
    expect(page.players).toHaveLength(1);
    expect(page.next).not.toBeNull();

    expect((await c.studios.changePlan(studio.id, 'pro')).activated).toBe(1);
    const rotated = await c.studios.rotateKey(studio.id, made.id);
    expect(rotated.key).not.toBe(made.key);
    expect(await c.studios.keys(studio.id)).toHaveLength(1);
    await c.studios.revokeKey(studio.id, made.id);
    expect(await c.studios.keys(studio.id)).toHaveLength(0);

    expect((await c.studios.addOwner(studio.id, bob.userId)).owners).toHaveLength(2);
    await c.studios.removeOwner(studio.id, bob.userId);
    const ada = await c.identity.me();
    await expect(c.studios.removeOwner(studio.id, ada.id)).rejects.toMatchObject({ status: 409 });
    await c.studios.delete(studio.id);
    expect(await c.studios.list()).toEqual([]);
  });

  it('registers a mini-game and lists it with its connections and plays', async () => {
    const { c } = await signedUp('sdk_studio_mg');
    const studio = await c.studios.create('Quiz Makers');
    const made = await c.studios.registerMinigame(studio.id, {
      id: 'sdk-quiz',
      name: 'SDK Quiz',
      minPlayers: 1,
      maxPlayers: 4,
      difficulties: ['easy'],
    });
    expect(made.apiKey.key).toMatch(/^plk_/);
    const [listed, ...rest] = await c.studios.minigames(studio.id);
    expect(rest).toEqual([]);
    expect(listed).toMatchObject({
      id: 'sdk-quiz',
      name: 'SDK Quiz',
      connected: false,
      connections: [],
      plays: 0,
    });
  });
});
