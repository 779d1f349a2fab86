import { afterAll, describe, expect, it } from 'vitest';
import { alive, client, pidOf, QUICK_GAME_SERVER, statusOf, until } from './support/live.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

const settings = { PARLOR_GAME_HEARTBEAT_INTERVAL_MS: '100', PARLOR_GAME_HEARTBEAT_TIMEOUT_MS: '1500' };
const started: TestParlor[] = [];
afterAll(async () => {
  // The restarted node first (it borrows the database), then the one that owns it.
  for (const p of started.reverse()) await p.stop();
});

describe('the matchmaker dies and comes back', () => {
  it('leaves no orphan game server', async () => {
    const first = await startTestParlor(settings, { listen: true, gameServerEntry: QUICK_GAME_SERVER });
    started.push(first);
    const host = await first.signUp('restart_host');
    const game = (
      await first.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } })
    ).json();
    const player = client(game);
    await player.connect();
    const pid = pidOf(first, game.gameId);

    // A crash, as far as the game server can tell: the node stops answering and forgets
    // everything in memory; its processes and pid files stay.
    await first.matchmaker.monitor.stop();
    await first.app.close();

    const second = await startTestParlor(
      { ...settings, PARLOR_DATA_DIR: first.dataDir },
      { listen: true, gameServerEntry: QUICK_GAME_SERVER, db: first.db },
    );
    started.push(second);
    // The old server reports to an address nobody answers at any more, so it misses its
    // heartbeats here; the new node fails the game and stops the process it did not start.
    await until(async () => (await statusOf(second, host.token, game.gameId)) === 'failed', {
      timeoutMs: 20_000,
    });
    await until(() => !alive(pid), { timeoutMs: 20_000 });
    const [row] = await second.db.query<{ connect_key_sealed: string | null }>(
      'select connect_key_sealed from games where id = $1',
      [game.gameId],
    );
    expect(row!.connect_key_sealed).toBeNull();
    player.close();
  }, 60_000);
});
