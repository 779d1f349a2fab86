import { describe, expect, it } from 'vitest';
import { alive, client, pidOf, statusOf, until } from './support/live.js';
import { liveGames } from './support/live-games.js';
import { startTestParlor } from './support/test-parlor.js';

// Real processes: the Parlor listens on 127.0.0.1:0, game servers are forked, players use the SDK.
const live = liveGames({
  PARLOR_GAME_HEARTBEAT_INTERVAL_MS: '100',
  PARLOR_GAME_HEARTBEAT_TIMEOUT_MS: '1500',
});
const { connect } = live;

describe('a whole game, end to end', () => {
  it('create, three players, host starts, late join refused, results recorded, server stopped, tokens dead', async () => {
    const [host, ada, bob, late] = await Promise.all(
      ['e2e_host', 'e2e_ada', 'e2e_bob', 'e2e_late'].map((n) => live.p.signUp(n)),
    );
    const created = await live.p.call('POST', '/v1/games', {
      token: host.token,
      body: { type: 'gem-rush', maxPlayers: 4 },
    });
    expect(created.statusCode).toBe(201);
    const game = created.json();
    // Relayed on the control plane's own origin (the default).
    expect(game.url).toBe(`${live.p.url.replace(/^http/, 'ws')}/v1/games/${game.gameId}/socket`);
    const pid = pidOf(live.p, game.gameId);
    expect(alive(pid)).toBe(true);

    const hostClient = await connect(game);
    expect(hostClient.isHost).toBe(true);
    const tickets = await Promise.all(
      [ada, bob].map(async (u) =>
        (
          await live.p.call('POST', '/v1/games/join', { token: u.token, body: { passcode: game.passcode } })
        ).json(),
      ),
    );
    const others = await Promise.all(tickets.map(connect));
    expect(others.map((c) => c.isHost)).toEqual([false, false]);
    await until(() => Object.keys(hostClient.state?.players ?? {}).length === 3);
    // A connect token is single use: the host's first one is spent.
    await expect(client(game).connect()).rejects.toThrow();
    // Kept for later: a token minted while the game runs, to show it dies with the game.
    const spare = (
      await live.p.call('POST', `/v1/games/${game.gameId}/connect-token`, { token: ada.token })
    ).json();

    expect(await statusOf(live.p, host.token, game.gameId)).toBe('waiting');
    // Only the host may start it: a non-host's configure is refused and changes nothing.
    const notHost = new Promise<{ code: string }>((resolve) => others[0]!.on('error', resolve));
    others[0]!.configure('easy');
    expect((await notHost).code).toBe('NOT_HOST');
    expect(await statusOf(live.p, host.token, game.gameId)).toBe('waiting');
    const ended = new Promise((resolve) => hostClient.on('ended', resolve));
    hostClient.configure('easy');
    await until(async () => (await statusOf(live.p, host.token, game.gameId)) === 'in_progress');
    expect(
      (await live.p.call('GET', `/v1/games/${game.gameId}`, { token: host.token })).json().difficulty,
    ).toBe('easy');

    const refused = await live.p.call('POST', '/v1/games/join', {
      token: late.token,
      body: { passcode: game.passcode },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('GAME_STARTED');

    for (const c of [hostClient, ...others]) c.sendInput({ x: 1, y: 0.5 });
    const results = (await ended) as { players: { playerId: string; rank: number }[] };
    expect(results.players).toHaveLength(3);

    await until(async () => (await statusOf(live.p, host.token, game.gameId)) === 'finished');
    const view = (await live.p.call('GET', `/v1/games/${game.gameId}`, { token: bob.token })).json();
    expect(view.players.every((pl: { rank: number | null }) => typeof pl.rank === 'number')).toBe(true);
    expect(view.summary).toEqual(expect.any(String));
    const [rows] = await live.p.db.query<{ n: number }>(
      'select count(*)::int as n from game_results where game_id = $1',
      [game.gameId],
    );
    expect(rows!.n).toBe(3);

    await until(() => !alive(pid));
    const again = await live.p.call('POST', `/v1/games/${game.gameId}/connect-token`, { token: ada.token });
    expect(again.json().error.code).toBe('GAME_OVER');
    await expect(client(spare).connect()).rejects.toThrow();
  });
});

describe('faults', () => {
  it('a game server killed mid-game: players are told, the game fails, its secrets die', async () => {
    const [host, friend] = await Promise.all(['kill_host', 'kill_friend'].map((n) => live.p.signUp(n)));
    const game = (
      await live.p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } })
    ).json();
    const hostClient = await connect(game);
    const ticket = (
      await live.p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } })
    ).json();
    const friendClient = await connect(ticket);
    await until(() => Object.keys(hostClient.state?.players ?? {}).length === 2);
    hostClient.configure('normal');
    await until(async () => (await statusOf(live.p, host.token, game.gameId)) === 'in_progress');

    const told = Promise.all(
      [hostClient, friendClient].map((c) => new Promise((resolve) => c.on('closed', resolve))),
    );
    process.kill(pidOf(live.p, game.gameId), 'SIGKILL');
    await told;
    await until(async () => (await statusOf(live.p, host.token, game.gameId)) === 'failed');
    const view = (await live.p.call('GET', `/v1/games/${game.gameId}`, { token: friend.token })).json();
    expect(view.endReason).toContain('SIGKILL');
    const [row] = await live.p.db.query<Record<string, unknown>>(
      'select reporting_token_hash, passcode_hash, connect_key_sealed from games where id = $1',
      [game.gameId],
    );
    expect(Object.values(row!)).toEqual([null, null, null]);
    const token = await live.p.call('POST', `/v1/games/${game.gameId}/connect-token`, {
      token: friend.token,
    });
    expect(token.json().error.code).toBe('GAME_OVER');
  });

  it('a frozen game server stops heart-beating: failed within the heartbeat window, then stopped', async () => {
    const host = await live.p.signUp('frozen_host');
    const game = (
      await live.p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } })
    ).json();
    const pid = pidOf(live.p, game.gameId);
    process.kill(pid, 'SIGSTOP');
    try {
      await until(async () => (await statusOf(live.p, host.token, game.gameId)) === 'failed', {
        timeoutMs: 20_000,
      });
      const view = (await live.p.call('GET', `/v1/games/${game.gameId}`, { token: host.token })).json();
      expect(view.endReason).toContain('no heartbeat');
      await until(() => !alive(pid), { timeoutMs: 20_000 });
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});

describe('the default entry, @parlor/game-server/main', () => {
  // The production entry, as `npm start` runs it. (The fixtures defer their IPC disconnect with
  // setImmediate: Node 20 crashes when the handler of a message that was queued before its
  // listener existed disconnects synchronously. An earlier build of main.js hit that.)
  it('starts a game', async () => {
    const q = await startTestParlor({}, { listen: true });
    try {
      const host = await q.signUp('default_entry');
      const res = await q.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } });
      expect(res.statusCode).toBe(201);
      await client(res.json()).connect();
    } finally {
      await q.stop();
    }
  });
});
