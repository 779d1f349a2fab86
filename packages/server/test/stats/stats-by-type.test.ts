import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from '../support/games.js';
import { createStudio } from '../support/studios.js';
import { logIn, startTestParlor, type TestParlor } from '../support/test-parlor.js';

// Real games of two types through the API on an injected clock (gem-rush, and gem-rush's logic
// registered as a studio's own type, as studio-games.test.ts does), then the per-type series
// read back: from raw events, and again after the sweep rolled the days up.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STUDIO_TYPE = 'studio-rush';

let p: TestParlor;
let fake: FakeLauncher;
let D: number; // a UTC midnight a day after the test starts
let admin: string;

const at = (ms: number) => new Date(ms).toISOString();
const moveTo = (ms: number) => p.clock.advance(ms - p.clock.nowMs());
const login = (username: string) => logIn(p, username);
const points = (start: number, values: number[]) =>
  values.map((value, i) => ({ at: at(start + i * DAY), value }));

beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor(
    {
      PARLOR_MAX_GAMES_PER_USER: '10',
      PARLOR_GAME_HEARTBEAT_TIMEOUT_MS: String(HOUR),
      PARLOR_GAME_IDLE_TIMEOUT_MS: String(DAY),
    },
    { launcher: fake },
  );
  readyOnLaunch(p, fake);
  await p.admin('root_admin');
  const owner = await p.signUp('rush_studio_owner');
  const studio = await createStudio(p, owner.token, 'Rush Studio');
  const gemRush = (await p.call('GET', '/v1/game-types', { token: owner.token }))
    .json()
    .gameTypes.find((t: { id: string }) => t.id === 'gem-rush');
  p.studioGames.register(studio.id, { ...gemRush, id: STUDIO_TYPE, name: 'Studio Rush' });
  D = Math.floor(p.clock.nowMs() / DAY) * DAY + DAY;
  const server = gameServerOf(p, fake);
  let host = '';
  const start = async (type: string) => {
    const game = await createGame(p, host, { type });
    const res = await server.report(game.gameId, 'status', { status: 'in_progress', difficulty: 'easy' });
    expect(res.statusCode, res.body).toBe(200);
    return game.gameId;
  };
  // Day 0: two gem-rush games and one studio game start; one gem-rush game finishes.
  moveTo(D + 9 * HOUR);
  host = (await p.signUp('two_type_host')).token;
  const first = await start('gem-rush');
  await start('gem-rush');
  await start(STUDIO_TYPE);
  moveTo(D + 10 * HOUR);
  const ended = await server.report(first, 'status', { status: 'finished', results: { players: [] } });
  expect(ended.statusCode, ended.body).toBe(200);
  // Day 1: one studio game; day 2: nothing.
  moveTo(D + DAY + 15 * HOUR);
  host = await login('two_type_host');
  await start(STUDIO_TYPE);
  moveTo(D + 3 * DAY + HOUR);
  admin = await login('root_admin');
});
afterAll(() => p.stop());

const series = async (query: string) => {
  const res = await p.call('GET', `/v1/admin/stats/series?${query}`, { token: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

async function expectPerType() {
  const range = `from=${at(D)}&to=${at(D + 3 * DAY)}`;
  expect(await series(`metric=games_started&bucket=day&by=type&${range}`)).toEqual({
    metric: 'games_started',
    bucket: 'day',
    from: at(D),
    to: at(D + 3 * DAY),
    points: points(D, [3, 1, 0]),
    series: [
      { type: 'gem-rush', points: points(D, [2, 0, 0]) },
      { type: STUDIO_TYPE, points: points(D, [1, 1, 0]) },
    ],
  });
  const finished = await series(`metric=games_finished&bucket=day&by=type&${range}`);
  expect(finished.series).toEqual([{ type: 'gem-rush', points: points(D, [1, 0, 0]) }]);
  // Without by=type the answer is what it always was.
  const plain = await series(`metric=games_started&bucket=day&${range}`);
  expect(plain).not.toHaveProperty('series');
  expect(plain.points).toEqual(points(D, [3, 1, 0]));
}

describe('games per bucket by type', () => {
  it('reads back the games of each type from raw events, then from the rollup', async () => {
    await expectPerType();
    await p.sweep();
    const [state] = await p.db.query<{ rolled_until: Date }>('select rolled_until from stats_rollup_state');
    expect(state!.rolled_until.getTime()).toBeGreaterThanOrEqual(D + 3 * DAY);
    await expectPerType();
  });

  it('gives an empty list of types for a range without games, every bucket still present', async () => {
    const empty = await series(`metric=games_created&bucket=day&by=type&from=${at(D - DAY)}&to=${at(D)}`);
    expect(empty.series).toEqual([]);
    expect(empty.points).toEqual(points(D - DAY, [0]));
  });

  it('refuses by=type for metrics without a game type, and unknown splits', async () => {
    const range = `from=${at(D)}&to=${at(D + DAY)}`;
    for (const query of [
      `metric=logins&bucket=day&by=type&${range}`,
      `metric=games_started&bucket=day&by=user&${range}`,
    ]) {
      const res = await p.call('GET', `/v1/admin/stats/series?${query}`, { token: admin });
      expect(res.statusCode, query).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });
});
