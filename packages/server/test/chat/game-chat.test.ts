import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameMembership } from '../../src/chat/game-membership.js';
import { FakeLauncher } from '../support/fake-launcher.js';
import { createGame, readyOnLaunch } from '../support/games.js';
import { connectAs } from '../support/realtime-client.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

/** An in-memory stand-in for the matchmaker: gameId → userId → role. */
class FakeGames implements GameMembership {
  readonly games = new Map<string, Map<string, 'host' | 'player'>>();
  async isMember(gameId: string, userId: string) {
    return this.games.get(gameId)?.has(userId) ?? false;
  }
  async isHost(gameId: string, userId: string) {
    return this.games.get(gameId)?.get(userId) === 'host';
  }
  async members(gameId: string) {
    return [...(this.games.get(gameId)?.keys() ?? [])];
  }
}

let p: TestParlor;
let url: string;
const games = new FakeGames();
beforeAll(async () => {
  p = await startTestParlor({}, { games });
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => p.stop());

describe('game channels', () => {
  it('are for the game’s players; the host sets the timer; presence says who is in the game', async () => {
    const host = await p.signUp('g_host');
    const player = await p.signUp('g_player');
    const outsider = await p.signUp('g_outsider');
    const gameId = crypto.randomUUID();
    games.games.set(
      gameId,
      new Map([
        [host.userId, 'host'],
        [player.userId, 'player'],
      ]),
    );
    const channel = `game:${gameId}`;

    const hostSocket = await connectAs(url, host.token);
    hostSocket.send({ type: 'subscribe', channel });
    await hostSocket.next('subscribed');
    expect(await hostSocket.next('presence')).toMatchObject({ userId: player.userId, online: false });

    const playerSocket = await connectAs(url, player.token);
    playerSocket.send({ type: 'subscribe', channel });
    await playerSocket.next('subscribed');
    expect(await hostSocket.next('presence', (f) => f.online && f.games.includes(gameId))).toMatchObject({
      userId: player.userId,
    });

    const res = await p.call('POST', `/v1/channels/${channel}/messages`, {
      token: player.token,
      body: { body: 'gg', clientId: 'g1' },
    });
    expect(res.statusCode).toBe(201);
    expect((await hostSocket.next('message')).message).toMatchObject({ body: 'gg', channel });

    const denied = await p.call('POST', `/v1/channels/${channel}/messages`, {
      token: outsider.token,
      body: { body: 'hi', clientId: 'g2' },
    });
    expect(denied.statusCode).toBe(403);
    const outsiderSocket = await connectAs(url, outsider.token);
    outsiderSocket.send({ type: 'subscribe', channel, ref: 'o' });
    expect(await outsiderSocket.next('error')).toMatchObject({ code: 'FORBIDDEN', ref: 'o' });

    const settings = (token: string) =>
      p.call('PUT', `/v1/channels/${channel}/settings`, { token, body: { ttlSeconds: 300 } });
    expect((await settings(player.token)).statusCode).toBe(403);
    expect((await settings(host.token)).statusCode).toBe(200);
    const lobby = await p.call('PUT', '/v1/channels/lobby/settings', {
      token: host.token,
      body: { ttlSeconds: 60 },
    });
    expect(lobby.statusCode).toBe(403);

    for (const s of [hostSocket, playerSocket, outsiderSocket]) s.close();
  });
});

describe("SeatMembers (the matchmaker's seats, as game chat asks)", () => {
  it("lets a game's players into its channel, and nobody else", async () => {
    const fake = new FakeLauncher();
    const mm = await startTestParlor({}, { launcher: fake });
    try {
      readyOnLaunch(mm, fake);
      const host = await mm.signUp('seat_host');
      const friend = await mm.signUp('seat_friend');
      const outsider = await mm.signUp('seat_outsider');
      const game = await createGame(mm, host.token);
      expect(
        (await mm.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } }))
          .statusCode,
      ).toBe(200);
      const post = (token: string) =>
        mm.call('POST', `/v1/channels/game:${game.gameId}/messages`, {
          token,
          body: { body: 'gg', clientId: crypto.randomUUID() },
        });
      expect((await post(host.token)).statusCode).toBe(201);
      expect((await post(friend.token)).statusCode).toBe(201);
      expect((await post(outsider.token)).statusCode).toBe(403);
      const junk = await mm.call('POST', '/v1/channels/game:not-a-uuid/messages', {
        token: host.token,
        body: { body: 'x', clientId: 'c1' },
      });
      expect(junk.statusCode).toBeLessThan(500);
    } finally {
      await mm.stop();
    }
  });
});
