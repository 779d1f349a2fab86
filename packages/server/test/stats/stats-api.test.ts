import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from '../support/games.js';
import { logIn, PASSWORD, startTestParlor, type TestParlor } from '../support/test-parlor.js';

// Real logins, sessions, games and chat through the API on an injected clock, then every stats
// route read back: first from raw events, then after the sweep rolled the days up, then after
// the raw events were compacted away. The answers must not move.

const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;

let p: TestParlor;
let fake: FakeLauncher;
let D: number; // a UTC midnight two days after the test starts
let admin: string;
const users: Record<string, string> = {};

const at = (ms: number) => new Date(ms).toISOString();
const moveTo = (ms: number) => {
  expect(ms).toBeGreaterThanOrEqual(p.clock.nowMs());
  p.clock.advance(ms - p.clock.nowMs());
};
const get = async (url: string) => {
  const res = await p.call('GET', url, { token: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const login = (username: string) => logIn(p, username);

beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor(
    {
      PARLOR_STATS_RETENTION_DAYS: '1',
      PARLOR_GAME_HEARTBEAT_TIMEOUT_MS: String(HOUR),
      PARLOR_GAME_IDLE_TIMEOUT_MS: String(DAY),
      PARLOR_SESSION_IDLE_MINUTES: '60',
    },
    { launcher: fake },
  );
  readyOnLaunch(p, fake);
  await p.admin('root_admin');
  D = Math.floor(p.clock.nowMs() / DAY) * DAY + 2 * DAY;
  await play();
  // The admin reads at D+2 12:00, after everything; its own sign-in falls outside the ranges read.
  moveTo(D + 2 * DAY + 12 * HOUR);
  admin = await login('root_admin');
});
afterAll(() => p.stop());

/** The day the figures below describe, driven through the API. */
async function play() {
  const server = gameServerOf(p, fake);
  // The admin's first session ends (idle) before the day begins.
  moveTo(D - MIN);
  await p.sweep();
  moveTo(D + 10 * HOUR);
  const alice = await p.signUp('alice');
  const bob = await p.signUp('bob');
  const carol = await p.call('POST', '/v1/accounts', { body: { username: 'carol', password: PASSWORD } });
  expect(carol.statusCode).toBe(201);
  Object.assign(users, { alice: alice.userId, bob: bob.userId, carol: carol.json().id });

  moveTo(D + 10 * HOUR + 5 * MIN);
  const wrong = await p.call('POST', '/v1/sessions', {
    body: { username: 'alice', password: 'not the one at all' },
  });
  expect(wrong.statusCode).toBe(401);
  await p.call('POST', '/v1/sessions', { body: { username: 'nobody_here', password: PASSWORD } });

  moveTo(D + 10 * HOUR + 10 * MIN);
  const game = await createGame(p, alice.token);
  expect(
    (await p.call('POST', '/v1/games/join', { token: bob.token, body: { passcode: game.passcode } }))
      .statusCode,
  ).toBe(200);
  moveTo(D + 10 * HOUR + 15 * MIN);
  expect(
    (await server.report(game.gameId, 'status', { status: 'in_progress', difficulty: 'hard' })).statusCode,
  ).toBe(200);

  moveTo(D + 10 * HOUR + 20 * MIN);
  for (const [token, channel, body] of [
    [alice.token, 'lobby', 'hello'],
    [alice.token, 'lobby', 'anyone?'],
    [bob.token, `game:${game.gameId}`, 'gg'],
  ] as const) {
    const res = await p.call('POST', `/v1/channels/${channel}/messages`, {
      token,
      body: { body, clientId: `${body}-1` },
    });
    expect(res.statusCode, res.body).toBe(201);
  }

  moveTo(D + 10 * HOUR + 45 * MIN);
  const seats = await p.db.query<{ user_id: string; player_id: string }>(
    'select user_id, player_id from game_players where game_id = $1',
    [game.gameId],
  );
  const pid = (id: string) => seats.find((s) => s.user_id === id)!.player_id;
  const results = {
    players: [
      { playerId: pid(alice.userId), score: 9, rank: 1 },
      { playerId: pid(bob.userId), score: 3, rank: 2 },
    ],
  };
  expect((await server.report(game.gameId, 'status', { status: 'finished', results })).statusCode).toBe(200);

  moveTo(D + 11 * HOUR);
  expect((await p.call('GET', '/v1/me', { token: alice.token })).statusCode).toBe(200);
  const second = await createGame(p, bob.token);
  expect((await p.call('DELETE', `/v1/games/${second.gameId}`, { token: bob.token })).statusCode).toBe(204);

  moveTo(D + 11 * HOUR + 30 * MIN);
  expect((await p.call('DELETE', '/v1/sessions/current', { token: alice.token })).statusCode).toBe(204);

  // Bob never logs out: his session expires idle at 12:00, and the sweep ends it at 11:00.
  moveTo(D + 13 * HOUR);
  await p.sweep();

  // A session across midnight: half of it on each day.
  moveTo(D + 23 * HOUR + 40 * MIN);
  const late = await login('alice');
  moveTo(D + DAY + 20 * MIN);
  expect((await p.call('DELETE', '/v1/sessions/current', { token: late })).statusCode).toBe(204);
}

const day0 = () => ({
  from: at(D),
  to: at(D + DAY),
  activeUsers: 2,
  newUsers: 3,
  logins: 3,
  failedLogins: 2,
  // Ended on day 0: alice's 10:00-11:30 (logout) and bob's 10:00-11:00 (expired); plus half
  // of alice's late one, which ends on day 1, in the time signed in.
  sessions: { count: 2, totalSeconds: 5400 + 3600 + 1200, medianSeconds: 3600, p90Seconds: 5400 },
  games: { created: 2, started: 1, finished: 1, failed: 0, abandoned: 1, medianSeconds: 1800 },
  chat: { messages: 3 },
  peakConcurrentUsers: 0,
});
const day1 = () => ({
  from: at(D + DAY),
  to: at(D + 2 * DAY),
  activeUsers: 1,
  newUsers: 0,
  logins: 0,
  failedLogins: 0,
  sessions: { count: 1, totalSeconds: 1200, medianSeconds: 2400, p90Seconds: 2400 },
  games: { created: 0, started: 0, finished: 0, failed: 0, abandoned: 0, medianSeconds: null },
  chat: { messages: 0 },
  peakConcurrentUsers: 0,
});

async function expectTheSameFigures() {
  expect(await get(`/v1/admin/stats/overview?from=${at(D)}&to=${at(D + DAY)}`)).toEqual(day0());
  expect(await get(`/v1/admin/stats/overview?from=${at(D + DAY)}&to=${at(D + 2 * DAY)}`)).toEqual(day1());

  const series = async (metric: string, bucket: string, from: number, to: number) =>
    (await get(`/v1/admin/stats/series?metric=${metric}&bucket=${bucket}&from=${at(from)}&to=${at(to)}`))
      .points;
  const points = (start: number, step: number, values: number[]) =>
    values.map((value, i) => ({ at: new Date(start + i * step).toISOString(), value }));
  expect(await series('logins', 'hour', D + 9 * HOUR, D + 12 * HOUR)).toEqual(
    points(D + 9 * HOUR, HOUR, [0, 2, 0]),
  );
  expect(await series('active_users', 'hour', D + 9 * HOUR, D + 12 * HOUR)).toEqual(
    points(D + 9 * HOUR, HOUR, [0, 2, 2]),
  );
  expect(await series('session_seconds', 'day', D, D + 3 * DAY)).toEqual(points(D, DAY, [10200, 1200, 0]));
  expect(await series('session_seconds', 'hour', D + 23 * HOUR, D + DAY + HOUR)).toEqual(
    points(D + 23 * HOUR, HOUR, [1200, 1200]),
  );
  expect(await series('active_users', 'day', D, D + 2 * DAY)).toEqual(points(D, DAY, [2, 1]));
  expect(await series('games_started', 'day', D - DAY, D + 2 * DAY)).toEqual(points(D - DAY, DAY, [0, 1, 0]));
  expect(await series('games_finished', 'day', D, D + DAY)).toEqual(points(D, DAY, [1]));
  expect(await series('chat_messages', 'hour', D + 10 * HOUR, D + 11 * HOUR)).toEqual(
    points(D + 10 * HOUR, HOUR, [3]),
  );
  expect(await series('new_users', 'day', D, D + 2 * DAY)).toEqual(points(D, DAY, [3, 0]));
  expect(await series('concurrent_users', 'hour', D + 10 * HOUR, D + 11 * HOUR)).toEqual(
    points(D + 10 * HOUR, HOUR, [0]),
  );

  expect(await get(`/v1/admin/stats/games?from=${at(D)}&to=${at(D + 2 * DAY)}`)).toEqual({
    from: at(D),
    to: at(D + 2 * DAY),
    types: [{ type: 'gem-rush', games: 2, players: 3, medianSeconds: 1800, completionRate: 0.5 }],
  });

  expect(await get(`/v1/admin/users/${users.alice}/stats`)).toEqual({
    logins: 2,
    lastLoginAt: new Date(D + 23 * HOUR + 40 * MIN).toISOString(),
    lastSeenAt: new Date(D + DAY + 20 * MIN).toISOString(),
    sessions: 2,
    sessionSeconds: 5400 + 2400,
    gamesPlayed: 1,
    gamesWon: 1,
    chatMessages: 2,
  });
  expect(await get(`/v1/admin/users/${users.bob}/stats`)).toMatchObject({
    logins: 1,
    lastSeenAt: new Date(D + 11 * HOUR).toISOString(),
    sessions: 1,
    sessionSeconds: 3600,
    gamesPlayed: 1,
    gamesWon: 0,
    chatMessages: 1,
  });
}

describe('stats read back what was played', () => {
  it('from raw events', async () => {
    await expectTheSameFigures();
  });

  it('after the sweep rolled the days up, and after their raw events were compacted', async () => {
    await p.sweep();
    const [state] = await p.db.query<{ rolled_until: Date }>('select rolled_until from stats_rollup_state');
    expect(state!.rolled_until.getTime()).toBe(D + 2 * DAY);
    await expectTheSameFigures();
    moveTo(D + 9 * DAY + 12 * HOUR);
    admin = await login('root_admin');
    await p.sweep();
    const raw = await p.db.query<{ n: number }>('select count(*)::int as n from stats_events where at < $1', [
      new Date(D + 7 * DAY),
    ]);
    expect(raw[0]!.n).toBe(0);
    await expectTheSameFigures();
  });

  it('gives retention by cohort once the day is over', async () => {
    const cohorts = await get(`/v1/admin/stats/retention?cohort=day&from=${at(D)}&to=${at(D + 2 * DAY)}`);
    expect(cohorts.cohorts).toEqual([
      // alice came back on day 1 (her late logout), bob and carol did not; day 7 is measured.
      { at: new Date(D).toISOString(), users: 3, day1: 1 / 3, day7: 0, day30: null },
      { at: new Date(D + DAY).toISOString(), users: 0, day1: null, day7: null, day30: null },
    ]);
  });

  it('lists users with their figures, searchable and sortable', async () => {
    const byLogins = await get('/v1/admin/users?sort=logins&order=desc&limit=2');
    expect(byLogins.users.map((u: { username: string }) => u.username)).toEqual(['root_admin', 'alice']);
    expect(byLogins.next).toBe('o:2');
    const rest = await get(`/v1/admin/users?sort=logins&order=desc&limit=2&after=${byLogins.next}`);
    expect(rest.users.map((u: { username: string }) => u.username)).toEqual(['bob', 'carol']);
    const found = await get('/v1/admin/users?q=LIC');
    expect(found.users).toEqual([
      expect.objectContaining({
        id: users.alice,
        username: 'alice',
        stats: expect.objectContaining({ logins: 2 }),
      }),
    ]);
    const bySeconds = await get('/v1/admin/users?sort=sessionSeconds&order=desc&limit=1');
    expect(bySeconds.users[0].username).toBe('alice');
  });

  it('refuses bad ranges, players and unknown users', async () => {
    const bad = [
      `/v1/admin/stats/overview?from=${at(D)}&to=${at(D)}`,
      `/v1/admin/stats/overview?from=${at(D)}&to=${at(D + 401 * DAY)}`,
      `/v1/admin/stats/overview?from=2026-01-01T00:00:00%2B01:00&to=${at(D)}`,
      `/v1/admin/stats/overview?from=yesterday&to=${at(D)}`,
      `/v1/admin/stats/series?metric=logins&bucket=hour&from=${at(D)}&to=${at(D + 32 * DAY)}`,
      `/v1/admin/stats/series?metric=passwords&bucket=day&from=${at(D)}&to=${at(D + DAY)}`,
      `/v1/admin/stats/retention?cohort=month&from=${at(D)}&to=${at(D + DAY)}`,
      `/v1/admin/stats/games?from=${at(D)}`,
      '/v1/admin/users?sort=password',
      '/v1/admin/users?q=%27%3B--',
    ];
    for (const url of bad) {
      const res = await p.call('GET', url, { token: admin });
      expect(res.statusCode, url).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
    const missing = await p.call('GET', '/v1/admin/users/00000000-0000-4000-8000-000000000000/stats', {
      token: admin,
    });
    expect(errorCode(missing)).toBe('NOT_FOUND');
    const player = await login('bob');
    for (const url of [
      '/v1/admin/stats/overview',
      '/v1/admin/stats/games',
      `/v1/admin/users/${users.bob}/stats`,
    ]) {
      const res = await p.call('GET', `${url}?from=${at(D)}&to=${at(D + DAY)}`, { token: player });
      expect(res.statusCode, url).toBe(403);
    }
    expect((await p.call('GET', '/v1/admin/stats/games')).statusCode).toBe(401);
  });
});
