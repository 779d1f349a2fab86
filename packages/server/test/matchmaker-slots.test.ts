import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, readyOnLaunch } from './support/games.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let fake: FakeLauncher;
beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor({ PARLOR_MAX_GAMES: '3', PARLOR_MAX_PLAYERS: '6' }, { launcher: fake });
  readyOnLaunch(p, fake);
});
afterAll(() => p.stop());

describe('slots', () => {
  it('a burst of 20 creates against a limit of 3 games launches exactly 3', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, (_, i) => p.signUp(`burst${i}`)));
    const results = await Promise.all(
      users.map((u) => p.call('POST', '/v1/games', { token: u.token, body: { type: 'gem-rush' } })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 503).map((r) => r.json().error.code)).toEqual(
      Array(17).fill('NO_GAME_SLOT'),
    );
    expect(results.find((r) => r.statusCode === 503)!.headers['retry-after']).toBeDefined();
    expect(fake.launches).toBe(3);
    const [row] = await p.db.query<{ n: number }>(
      "select count(*)::int as n from games where status in ('launching', 'waiting', 'in_progress')",
    );
    expect(row!.n).toBe(3);

    // A burst of joins cannot seat more players than the platform allows (6: 3 hosts + 3).
    const created = results.filter((r) => r.statusCode === 201).map((r) => r.json());
    const joiners = users.filter((_, i) => results[i]!.statusCode !== 201);
    const joins = await Promise.all(
      joiners
        .slice(0, 12)
        .map((u, i) =>
          p.call('POST', '/v1/games/join', { token: u.token, body: { passcode: created[i % 3].passcode } }),
        ),
    );
    const seated = joins.filter((r) => r.statusCode === 200).length;
    const [seats] = await p.db.query<{ n: number }>('select count(*)::int as n from game_players');
    expect(seats!.n).toBe(6);
    expect(seated).toBe(seats!.n - 3);
    expect(
      joins.filter((r) => r.statusCode !== 200).every((r) => r.json().error.code === 'NO_GAME_SLOT'),
    ).toBe(true);

    // Ending a game frees its slot.
    const host = users.find((u) => results[users.indexOf(u)]!.statusCode === 201)!;
    await p.call('DELETE', `/v1/games/${created[0].gameId}`, { token: host.token });
    const next = await p.signUp('after_burst');
    await expect(createGame(p, next.token)).resolves.toMatchObject({ gameId: expect.any(String) });
  });
});
