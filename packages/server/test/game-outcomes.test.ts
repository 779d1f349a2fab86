import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from './support/games.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

// The default idle rule (no PARLOR_GAME_IDLE_TIMEOUT_MS), one game per host, a manual clock.
let p: TestParlor;
let fake: FakeLauncher;
let server: ReturnType<typeof gameServerOf>;
beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor({ PARLOR_MAX_GAMES_PER_USER: '1' }, { launcher: fake });
  server = gameServerOf(p, fake);
  readyOnLaunch(p, fake);
});
afterAll(() => p.stop());

const view = async (token: string, gameId: string) =>
  (await p.call('GET', `/v1/games/${gameId}`, { token })).json();

describe('a game nobody plays', () => {
  it('ends as abandoned after two minutes with no player connected, and frees its host’s game slot', async () => {
    expect(p.config.gameIdleTimeoutMs).toBe(120_000);
    const host = await p.signUp('lonely_host');
    const { gameId } = await createGame(p, host.token);
    const second = await p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } });
    expect(second.json().error.code).toBe('GAME_LIMIT_REACHED');

    // Heart-beating with nobody connected: alive, but abandoned once the idle time has passed.
    for (let t = 0; t < 110_000; t += 10_000) {
      p.clock.advance(10_000);
      await server.report(gameId, 'heartbeat', { players: 0, phase: 'waiting' });
    }
    await p.matchmaker.monitor.sweep();
    expect((await view(host.token, gameId)).status).toBe('waiting');
    p.clock.advance(10_001);
    await server.report(gameId, 'heartbeat', { players: 0, phase: 'waiting' });
    await p.matchmaker.monitor.sweep();
    expect(await view(host.token, gameId)).toMatchObject({ status: 'ended', endReason: 'abandoned' });
    await p.matchmaker.lifecycle.settled();
    expect(fake.stopped).toContain(gameId);
    await createGame(p, host.token);
  });

  it('a game server that reports abandoned (everybody left) ends at once, without results', async () => {
    const host = await p.signUp('left_host');
    const { gameId } = await createGame(p, host.token);
    const res = await server.report(gameId, 'status', { status: 'abandoned' });
    expect([res.statusCode, res.json()]).toEqual([200, { ack: true }]);
    expect(await view(host.token, gameId)).toMatchObject({
      status: 'ended',
      endReason: 'abandoned',
      results: [],
    });
    // Said once: a second report finds the game over (its token is gone).
    expect((await server.report(gameId, 'status', { status: 'abandoned' })).statusCode).toBe(401);
  });
});

describe('results', () => {
  it('carry display names: the game’s per-game ids become the players’ names, by rank', async () => {
    const host = await p.signUp('ranked_host');
    const friend = await p.signUp('ranked_friend');
    const { gameId, passcode } = await createGame(p, host.token);
    await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode } });
    const playerIds = await p.db.query<{ player_id: string; display_name: string }>(
      'select player_id, display_name from game_players where game_id = $1',
      [gameId],
    );
    const idOf = (name: string) => playerIds.find((r) => r.display_name === name)!.player_id;
    expect(
      (await server.report(gameId, 'status', { status: 'in_progress', difficulty: 'easy' })).statusCode,
    ).toBe(200);
    const finished = await server.report(gameId, 'status', {
      status: 'finished',
      results: {
        players: [
          // A game may not rename anyone: the names come from the seats.
          { playerId: idOf('ranked_friend'), displayName: 'someone else', score: 9, rank: 1 },
          { playerId: idOf('ranked_host'), score: 4, rank: 2 },
        ],
        summary: 'ranked_friend wins with 9 points',
      },
    });
    expect(finished.statusCode).toBe(200);
    const game = await view(host.token, gameId);
    expect(game).toMatchObject({ status: 'finished', endReason: 'finished' });
    expect(game.results).toEqual([
      { rank: 1, displayName: 'ranked_friend', score: 9, userId: friend.userId },
      { rank: 2, displayName: 'ranked_host', score: 4, userId: host.userId },
    ]);
  });
});

describe('the game types answer', () => {
  it('lists each game’s options beside its difficulties, so a client can offer them', async () => {
    const player = await p.signUp('types_reader');
    const types = (await p.call('GET', '/v1/game-types', { token: player.token })).json().gameTypes;
    expect(types.find((t: { id: string }) => t.id === 'gem-rush')).toMatchObject({
      difficulties: ['easy', 'normal', 'hard'],
      options: [{ id: 'roundMinutes', choices: [1, 3, 5], default: 3, unit: 'minutes' }],
    });
  });
});
