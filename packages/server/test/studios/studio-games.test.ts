import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../support/credentials.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createGame, readyOnLaunch } from '../support/games.js';
import { changePlan, createStudio, usageOf } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

// No mini-game can be registered yet, so a built-in game registered under a studio's own type
// id stands in for one: it is launched like any game, and its players count for the studio.
let p: TestParlor;
let owner: { token: string; userId: string };
let studio: { id: string };
const TYPE = 'studio-gem-rush';
let firstGame = '';
let hostToken = '';
beforeAll(async () => {
  const fake = new FakeLauncher();
  p = await startTestParlor(
    { PARLOR_PLANS: 'one:1,two:2', PARLOR_MAX_GAMES_PER_USER: '10' },
    { launcher: fake },
  );
  readyOnLaunch(p, fake);
  owner = await p.signUp('game_studio_owner');
  studio = await createStudio(p, owner.token, 'Gem Studio');
  const gemRush = (await p.call('GET', '/v1/game-types', { token: owner.token }))
    .json()
    .gameTypes.find((t: { id: string }) => t.id === 'gem-rush');
  p.studioGames.register(studio.id, { ...gemRush, id: TYPE, name: 'Gem Studio Rush' });
});
afterAll(() => p.stop());

describe("a studio's games and its plan", () => {
  it('records Parlor players, refuses those beyond the plan with PLAN_LIMIT_REACHED, and lets them in on upgrade', async () => {
    const host = await p.signUp('studio_host');
    const friend = await p.signUp('studio_friend');
    const game = await createGame(p, host.token, { type: TYPE });
    [firstGame, hostToken] = [game.gameId, host.token];
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({ activePlayers: 1, inactivePlayers: 0 });

    const refused = await p.call('POST', '/v1/games/join', {
      token: friend.token,
      body: { passcode: game.passcode },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      message: expect.stringMatching(/studio must upgrade/),
    });
    const ownGame = await p.call('POST', '/v1/games', { token: friend.token, body: { type: TYPE } });
    expect(errorCode(ownGame)).toBe('PLAN_LIMIT_REACHED');
    // Nothing was seated or launched for the refused player.
    const view = (await p.call('GET', `/v1/games/${game.gameId}`, { token: host.token })).json();
    expect(view.players).toHaveLength(1);
    expect(await usageOf(p, owner.token, studio.id)).toMatchObject({ activePlayers: 1, inactivePlayers: 1 });
    const players = (await p.call('GET', `/v1/studios/${studio.id}/players`, { token: owner.token })).json()
      .players;
    expect(players.map((x: { userId: string; source: string }) => [x.userId, x.source])).toEqual(
      expect.arrayContaining([
        [host.userId, 'parlor'],
        [friend.userId, 'parlor'],
      ]),
    );

    // Built-in games are nobody's: the inactive player still plays them.
    await createGame(p, friend.token, { type: 'gem-rush' });

    expect(await changePlan(p, owner.token, studio.id, 'two')).toMatchObject({ activated: 1 });
    const joined = await p.call('POST', '/v1/games/join', {
      token: friend.token,
      body: { passcode: game.passcode },
    });
    expect(joined.statusCode, joined.body).toBe(200);
  });

  it('refuses to delete the studio while one of its games runs', async () => {
    const games = (await p.call('GET', '/v1/games', { token: owner.token })).json().games;
    expect(games).toEqual([]); // the owner plays none; the game of the test above still runs
    const refused = await p.call('DELETE', `/v1/studios/${studio.id}`, { token: owner.token });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.json().error.message).toMatch(/1 running game/);
    await p.call('DELETE', `/v1/games/${firstGame}`, { token: hostToken });
    expect((await p.call('DELETE', `/v1/studios/${studio.id}`, { token: owner.token })).statusCode).toBe(204);
    // Its game type went with it.
    const types = (await p.call('GET', '/v1/game-types', { token: owner.token })).json().gameTypes;
    expect(types.map((t: { id: string }) => t.id)).not.toContain(TYPE);
  });
});
