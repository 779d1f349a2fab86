import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameMembership } from '../../src/chat/game-membership.js';
import { connectAs } from '../support/realtime-client.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

/** An in-memory stand-in for the matchmaker's seats: gameId → userId → role. */
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

type Presence = { userId: string; online: boolean; games: string[] };

let p: TestParlor;
let url: string;
const games = new FakeGames();
beforeAll(async () => {
  p = await startTestParlor({}, { games });
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => p.stop());

const presence = async (token: string, users?: string[]): Promise<Presence[]> => {
  const res = await p.call('GET', `/v1/presence${users ? `?users=${users.join(',')}` : ''}`, { token });
  expect(res.statusCode).toBe(200);
  return res.json().users;
};

describe('what presence tells outsiders', () => {
  it('leaves out entirely a user who blocked the viewer, asked by id or listed', async () => {
    const blocker = await p.signUp('pv_blocker');
    const blocked = await p.signUp('pv_blocked');
    const bystander = await p.signUp('pv_bystander');
    expect(
      (await p.call('POST', '/v1/blocks', { token: blocker.token, body: { userId: blocked.userId } }))
        .statusCode,
    ).toBe(204);
    const socket = await connectAs(url, blocker.token);

    expect(await presence(blocked.token, [blocker.userId])).toEqual([]);
    expect((await presence(blocked.token)).map((u) => u.userId)).not.toContain(blocker.userId);
    expect(await presence(bystander.token, [blocker.userId])).toEqual([
      expect.objectContaining({ userId: blocker.userId, online: true, games: [] }),
    ]);

    // Live too: a DM with the blocker sends the blocked user no presence of them.
    const watcher = await connectAs(url, blocked.token);
    watcher.send({ type: 'subscribe', channel: `dm:${blocker.userId}` });
    await watcher.next('subscribed');
    watcher.send({ type: 'ping', ref: 'after' });
    await watcher.next('pong');
    expect(watcher.frames.filter((f) => f.type === 'presence')).toEqual([]);
    socket.close();
    watcher.close();
  });

  it('shows a game only to its players and to admins', async () => {
    const admin = await p.admin('pv_admin');
    const host = await p.signUp('pv_host');
    const friend = await p.signUp('pv_friend');
    const stranger = await p.signUp('pv_stranger');
    const gameId = crypto.randomUUID();
    games.games.set(
      gameId,
      new Map([
        [host.userId, 'host'],
        [friend.userId, 'player'],
      ]),
    );
    const hostSocket = await connectAs(url, host.token);
    hostSocket.send({ type: 'subscribe', channel: `game:${gameId}` });
    await hostSocket.next('subscribed');

    expect(await presence(friend.token, [host.userId])).toEqual([
      expect.objectContaining({ userId: host.userId, online: true, games: [gameId] }),
    ]);
    expect(await presence(admin.token, [host.userId])).toEqual([
      expect.objectContaining({ userId: host.userId, online: true, games: [gameId] }),
    ]);
    expect(await presence(stranger.token, [host.userId])).toEqual([
      expect.objectContaining({ userId: host.userId, online: true, games: [] }),
    ]);
    const listed = (await presence(stranger.token)).find((u) => u.userId === host.userId);
    expect(listed).toEqual(expect.objectContaining({ userId: host.userId, online: true, games: [] }));
    expect(
      (await p.call('GET', `/v1/games/${gameId}`, { token: stranger.token })).statusCode,
      'the rule GET /v1/games/{id} applies',
    ).toBe(404);

    // Live: a stranger watching the host through a DM is not told the game either.
    const strangerSocket = await connectAs(url, stranger.token);
    strangerSocket.send({ type: 'subscribe', channel: `dm:${host.userId}` });
    expect(await strangerSocket.next('presence', (f) => f.userId === host.userId)).toMatchObject({
      online: true,
      games: [],
    });
    hostSocket.send({ type: 'unsubscribe', channel: `game:${gameId}` });
    await hostSocket.next('unsubscribed');
    hostSocket.send({ type: 'subscribe', channel: `game:${gameId}` });
    await hostSocket.next('subscribed');
    await strangerSocket.next('presence', (f) => f.userId === host.userId && f.games.length === 0);
    expect(strangerSocket.frames.filter((f) => f.type === 'presence' && f.games.length > 0)).toEqual([]);
    hostSocket.close();
    strangerSocket.close();
  });
});

describe('deleting in a game channel one cannot read', () => {
  it('answers the same whether the message exists or not', async () => {
    const host = await p.signUp('del_host');
    const outsider = await p.signUp('del_outsider');
    const gameId = crypto.randomUUID();
    games.games.set(gameId, new Map([[host.userId, 'host']]));
    const channel = `game:${gameId}`;
    const posted = await p.call('POST', `/v1/channels/${channel}/messages`, {
      token: host.token,
      body: { body: 'secret plan', clientId: 'del-1' },
    });
    expect(posted.statusCode).toBe(201);
    const existing = await p.call('DELETE', `/v1/channels/${channel}/messages/${posted.json().seq}`, {
      token: outsider.token,
    });
    const missing = await p.call('DELETE', `/v1/channels/${channel}/messages/999`, { token: outsider.token });
    expect(existing.statusCode).toBe(403);
    expect({ status: missing.statusCode, body: missing.json() }).toEqual({
      status: existing.statusCode,
      body: existing.json(),
    });
    // The message is still there for its players.
    const page = await p.call('GET', `/v1/channels/${channel}/messages`, { token: host.token });
    expect(page.json().messages.map((m: { body: string }) => m.body)).toEqual(['secret plan']);
  });
});
