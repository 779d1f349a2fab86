import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WarmPoolLauncher } from '../src/matchmaker/warm-pool.js';
import { alive, client, pidOf, QUICK_GAME_SERVER, statusOf, until } from './support/live.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

// A whole Parlor with PARLOR_WARM_POOL_SIZE set: the composition root puts the pool in front
// of the process launcher, and games get processes that were started before they were asked for.
let p: TestParlor;
let pool: WarmPoolLauncher;
let stopped = false;
beforeAll(async () => {
  p = await startTestParlor(
    { PARLOR_WARM_POOL_SIZE: '2', PARLOR_MAX_GAMES_PER_USER: '5' },
    { listen: true, gameServerEntry: QUICK_GAME_SERVER },
  );
  expect(p.launcher).toBeInstanceOf(WarmPoolLauncher);
  pool = p.launcher as WarmPoolLauncher;
});
afterAll(async () => {
  if (!stopped) await p.stop();
});

describe('the matchmaker over a warm pool of game-server processes', () => {
  it('creates games on already-started processes, refills, and leaves none behind at close', async () => {
    const host = await p.signUp('pool_host');
    await pool.whenFull();
    const waiting = pool.idleRefs();
    expect(waiting).toHaveLength(2);

    const create = async () => {
      const res = await p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } });
      expect(res.statusCode).toBe(201);
      return res.json() as { gameId: string; url: string; connectToken: string };
    };
    const first = await create();
    const pid = pidOf(p, first.gameId);
    expect(waiting).toContain(String(pid));
    // A real server on a pooled process: it reported ready and takes the connect token.
    const player = client(first);
    await player.connect();
    expect(player.isHost).toBe(true);
    player.close();
    expect(await statusOf(p, host.token, first.gameId)).toBe('waiting');

    await pool.whenFull();
    const refilled = pool.idleRefs();
    expect(refilled).not.toContain(String(pid));
    const second = await create();
    expect(refilled).toContain(String(pidOf(p, second.gameId)));

    await pool.whenFull();
    const everyPid = [...new Set([...waiting, ...refilled, ...pool.idleRefs()])].map(Number);
    expect(everyPid.length).toBeGreaterThanOrEqual(4);
    stopped = true;
    await p.stop();
    await until(() => everyPid.every((each) => !alive(each)));
  });
});
