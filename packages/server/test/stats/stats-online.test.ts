import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createGame, readyOnLaunch } from '../support/games.js';
import { openSocket } from '../support/realtime-client.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

// Time online from real sockets, the concurrent-users sample, sockets of a node that died, and
// the business metrics on /metrics.

const HOUR = 3_600_000;
let p: TestParlor;
let url: string;
let admin: string;
let fake: FakeLauncher;

beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor({ PARLOR_STATS_SAMPLE_SECONDS: '60' }, { launcher: fake });
  readyOnLaunch(p, fake);
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
  admin = (await p.admin('online_admin')).token;
});
afterAll(() => p.stop());

const hourRange = () => {
  const from = Math.floor(p.clock.nowMs() / HOUR) * HOUR;
  return `from=${new Date(from).toISOString()}&to=${new Date(from + HOUR).toISOString()}`;
};
const metric = async (name: string) => {
  const text = (await p.call('GET', '/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ').at(-1)) : undefined;
};
const metricLine = async (prefix: string) =>
  (await p.call('GET', '/metrics')).body.split('\n').find((l) => l.startsWith(prefix));

describe('time online', () => {
  it('counts sockets in the sample, as active users and on /metrics, and records the time online', async () => {
    const alice = await p.signUp('online_alice');
    const socket = await openSocket(url);
    socket.send({ type: 'auth', token: alice.token });
    await socket.next('ready');
    await p.stats.sample();
    expect(await metric('parlor_users_online')).toBe(1);
    const overview = (
      await p.call('GET', `/v1/admin/stats/overview?${hourRange()}`, { token: admin })
    ).json();
    expect(overview.peakConcurrentUsers).toBe(1);
    expect(overview.activeUsers).toBe(2); // alice and the admin

    p.clock.advance(90_000);
    socket.close();
    await socket.closed;
    await expect
      .poll(async () => (await p.db.query('select 1 from stats_online')).length, { timeout: 5_000 })
      .toBe(0);
    const [online] = await p.db.query<{ seconds: number }>(
      `select seconds from stats_events where kind = 'online' and user_id = $1`,
      [alice.userId],
    );
    expect(online!.seconds).toBe(90);
    expect(await metric('parlor_users_online')).toBe(0);
  });

  it('closes the sockets of a node that stopped refreshing them at their last refresh', async () => {
    const bob = await p.signUp('online_bob');
    const since = new Date(p.clock.nowMs() - 10 * 60_000);
    const seen = new Date(p.clock.nowMs() - 5 * 60_000);
    await p.db.query(
      `insert into stats_online (connection_id, user_id, node_id, since, seen_at) values ('gone-1', $1, 'dead-node', $2, $3)`,
      [bob.userId, since, seen],
    );
    await p.sweep();
    expect(await p.db.query(`select 1 from stats_online where connection_id = 'gone-1'`)).toEqual([]);
    const [online] = await p.db.query<{ seconds: number }>(
      `select seconds from stats_events where kind = 'online' and user_id = $1`,
      [bob.userId],
    );
    expect(online!.seconds).toBe(300);
  });
});

describe('/metrics', () => {
  it('counts logins, sessions started, chat messages and games by status', async () => {
    const before = Number(await metric('parlor_sessions_started_total'));
    const carol = await p.signUp('online_carol');
    await p.call('POST', '/v1/sessions', {
      body: { username: 'online_carol', password: 'wrong wrong wrong' },
    });
    expect(await metric('parlor_sessions_started_total')).toBe(before + 1);
    expect(await metricLine('parlor_logins_total{outcome="failure"}')).toMatch(/ 1$/);
    const post = await p.call('POST', '/v1/channels/lobby/messages', {
      token: carol.token,
      body: { body: 'hi', clientId: 'metrics-1' },
    });
    expect(post.statusCode).toBe(201);
    expect(await metricLine('parlor_chat_messages_total{channel="lobby"}')).toMatch(/ 1$/);
    const game = await createGame(p, carol.token);
    expect(await metricLine('parlor_games{status="lobby",type="all"}')).toMatch(/ 1$/);
    expect(await metricLine('parlor_games{status="lobby",type="gem-rush"}')).toMatch(/ 1$/);
    await p.call('DELETE', `/v1/games/${game.gameId}`, { token: carol.token });
    expect(await metricLine('parlor_games{status="lobby",type="all"}')).toMatch(/ 0$/);
    expect(await metricLine('parlor_games_ended_total{status="abandoned"}')).toMatch(/ 1$/);
  });
});
