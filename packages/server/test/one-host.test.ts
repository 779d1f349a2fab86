import { describe, expect, it } from 'vitest';
import { statusOf, until } from './support/live.js';
import { liveGames } from './support/live-games.js';

// Real processes: the Parlor listens, game servers are forked, players use the SDK. The rule
// under test (docs/matchmaker.md, "Who is the host"): the first player to connect hosts, the
// game server decides and reports it; the creator may still end the game they created.
const live = liveGames({ PARLOR_GAME_HEARTBEAT_INTERVAL_MS: '100', PARLOR_MAX_GAMES_PER_USER: '5' });
const { connect } = live;

/** A game created by `creator` that `friend` joined and connected to first. */
async function friendConnectsFirst(creator: { token: string }, friend: { token: string; userId: string }) {
  const game = (
    await live.p.call('POST', '/v1/games', { token: creator.token, body: { type: 'gem-rush' } })
  ).json();
  const ticket = (
    await live.p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } })
  ).json();
  const friendClient = await connect(ticket);
  // The control plane follows the game server's choice.
  await until(
    async () =>
      (await live.p.call('GET', `/v1/games/${game.gameId}`, { token: creator.token })).json().hostId ===
      friend.userId,
  );
  const creatorClient = await connect(game);
  return { gameId: game.gameId as string, friendClient, creatorClient };
}

const setTtl = (token: string, gameId: string) =>
  live.p.call('PUT', `/v1/channels/game:${gameId}/settings`, { token, body: { ttlSeconds: 60 } });

describe('one notion of host: the first to connect', () => {
  it('a friend who connects first hosts everywhere: configures, changes channel settings and ends the game', async () => {
    const [creator, friend] = await Promise.all(['host_creator', 'host_friend'].map((n) => live.p.signUp(n)));
    const { gameId, friendClient, creatorClient } = await friendConnectsFirst(creator, friend);
    expect(friendClient.isHost).toBe(true);
    expect(creatorClient.isHost).toBe(false);
    const view = (await live.p.call('GET', `/v1/games/${gameId}`, { token: friend.token })).json();
    expect(view.hostId).toBe(friend.userId);
    expect(view.players).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: friend.userId, role: 'host' }),
        expect.objectContaining({ userId: creator.userId, role: 'player' }),
      ]),
    );

    // The game channel's settings are the host's: the friend's, not the creator's.
    expect((await setTtl(friend.token, gameId)).statusCode).toBe(200);
    const refused = await setTtl(creator.token, gameId);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');

    // Configuring is the host's too: the creator is told NOT_HOST, the friend starts the game.
    const notHost = new Promise<{ code: string }>((resolve) => creatorClient.on('error', resolve));
    creatorClient.configure('easy');
    expect((await notHost).code).toBe('NOT_HOST');
    friendClient.configure('easy');
    await until(async () => (await statusOf(live.p, friend.token, gameId)) === 'in_progress');

    // And the real host may end it.
    expect((await live.p.call('DELETE', `/v1/games/${gameId}`, { token: friend.token })).statusCode).toBe(
      204,
    );
    const ended = (await live.p.call('GET', `/v1/games/${gameId}`, { token: friend.token })).json();
    expect(ended).toMatchObject({ status: 'ended', endReason: 'ended by the host' });
  });

  it('the creator who is not the host may still end the game they created; another player may not', async () => {
    const [creator, friend, other] = await Promise.all(
      ['end_creator', 'end_friend', 'end_other'].map((n) => live.p.signUp(n)),
    );
    const { gameId } = await friendConnectsFirst(creator, friend);
    const passcode = (await live.p.call('GET', `/v1/games/${gameId}`, { token: friend.token })).json()
      .passcode;
    expect(passcode).toEqual(expect.any(String));
    await live.p.call('POST', '/v1/games/join', { token: other.token, body: { passcode } });
    const forbidden = await live.p.call('DELETE', `/v1/games/${gameId}`, { token: other.token });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    expect((await live.p.call('DELETE', `/v1/games/${gameId}`, { token: creator.token })).statusCode).toBe(
      204,
    );
    const ended = (await live.p.call('GET', `/v1/games/${gameId}`, { token: creator.token })).json();
    expect(ended).toMatchObject({ status: 'ended', endReason: 'ended by its creator' });
  });

  it('when the host drops before the start, the next player hosts, on both sides', async () => {
    const [creator, friend] = await Promise.all(['drop_creator', 'drop_friend'].map((n) => live.p.signUp(n)));
    const { gameId, friendClient, creatorClient } = await friendConnectsFirst(creator, friend);
    friendClient.close();
    await until(() => creatorClient.isHost);
    await until(
      async () =>
        (await live.p.call('GET', `/v1/games/${gameId}`, { token: creator.token })).json().hostId ===
        creator.userId,
    );
    expect((await setTtl(creator.token, gameId)).statusCode).toBe(200);
    expect((await setTtl(friend.token, gameId)).statusCode).toBe(403);
  });
});
