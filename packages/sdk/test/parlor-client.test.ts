import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { GameClient, ParlorClient, ParlorError } from '../src/index.js';
import { QUICK_GAME_SERVER, until } from '../../server/test/support/live.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../../server/test/support/test-parlor.js';

// A real Parlor on a port, real game-server processes, and the SDK over real fetch and sockets.
let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({}, { listen: true, gameServerEntry: QUICK_GAME_SERVER });
});
afterAll(() => p.stop());

const client = (token?: string) => new ParlorClient({ baseUrl: p.url, token, WebSocket });

describe('ParlorClient', () => {
  it('signs up, knows who I am, lists and revokes sessions, signs out', async () => {
    const ada = client();
    const signed = await ada.identity.signUp('sdk_ada', PASSWORD);
    expect(ada.token).toBe(signed.token);
    expect((await ada.identity.me()).username).toBe('sdk_ada');
    const other = client();
    await other.identity.signIn('sdk_ada', PASSWORD);
    const sessions = await ada.identity.sessions();
    expect(sessions).toHaveLength(2);
    await ada.identity.revokeSession(sessions.find((s) => !s.current)!.id);
    await expect(other.identity.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    await ada.identity.signOut();
    expect(ada.token).toBeNull();
  });

  it('throws ParlorError with the stable code, the status and Retry-After', async () => {
    const c = client();
    const wrong = await c.identity.signIn('nobody_here', 'wrong password').catch((e) => e);
    expect(wrong).toBeInstanceOf(ParlorError);
    expect(wrong).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    await c.identity.register('sdk_taken', PASSWORD);
    await expect(c.identity.register('sdk_taken', PASSWORD)).rejects.toMatchObject({
      code: 'USERNAME_TAKEN',
      status: 409,
    });
    const bad = await c.identity.register('x', 'short').catch((e) => e);
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.issues?.length).toBeGreaterThan(0);
    expect(await c.identity.setup()).toEqual({ bootstrapPending: true });
  });

  it('a 429 whose Retry-After is too long is thrown at once with retryAfterSeconds', async () => {
    const limited = await startTestParlor({ PARLOR_REGISTER_IP_PER_HOUR: '1' }, { listen: true });
    try {
      const c = new ParlorClient({ baseUrl: limited.url });
      await c.identity.register('sdk_one', PASSWORD);
      const err = await c.identity.register('sdk_two', PASSWORD).catch((e) => e);
      expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(err.retryAfterSeconds).toBeGreaterThan(10);
    } finally {
      await limited.stop();
    }
  });

  it('waits out a short Retry-After on 503 and retries, a bounded number of times', async () => {
    // A real HTTP server standing in for a Parlor that is briefly unavailable.
    let calls = 0;
    const flaky: Server = createServer((_req, res) => {
      calls += 1;
      if (calls <= 2) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'later', retryAfterSeconds: 1 } }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ gameTypes: [] }));
      }
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = flaky.address() as AddressInfo;
      const c = new ParlorClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'pls_x' });
      expect(await c.games.types()).toEqual([]);
      expect(calls).toBe(3);
      calls = -5;
      await expect(c.games.types()).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 503 });
      expect(calls).toBe(-2);
    } finally {
      flaky.close();
    }
  });

  it('creates a game once per request id, friends join by passcode, everyone plays to the results, the realtime socket says it ended', async () => {
    const [host, ada, bob] = ['sdk_host', 'sdk_p1', 'sdk_p2'].map(() => client());
    await host.identity.signUp('sdk_host', PASSWORD);
    await ada.identity.signUp('sdk_p1', PASSWORD);
    await bob.identity.signUp('sdk_p2', PASSWORD);
    expect((await host.games.types()).map((t) => t.id)).toContain('gem-rush');

    const first = await host.games.create({ type: 'gem-rush', requestId: 'sdk-create-0001' });
    const again = await host.games.create({ type: 'gem-rush', requestId: 'sdk-create-0001' });
    expect(again.gameId).toBe(first.gameId);

    const hostGame = new GameClient(host.gameOptions(first));
    await hostGame.connect();
    expect(hostGame.isHost).toBe(true);
    const friends = await Promise.all(
      [ada, bob].map(async (c) => new GameClient(c.gameOptions(await c.games.join(first.passcode)))),
    );
    await Promise.all(friends.map((g) => g.connect()));
    await until(() => Object.keys(hostGame.state?.players ?? {}).length === 3);
    const notices = host.realtime();
    await notices.connect();
    const notice = new Promise((r) => notices.on('game', r));
    const results = Promise.all([hostGame, ...friends].map((g) => new Promise((r) => g.on('ended', r))));
    hostGame.configure('easy');
    const all = (await results) as { players: unknown[] }[];
    expect(await notice).toMatchObject({ type: 'game', gameId: first.gameId, status: 'finished' });
    notices.close();
    expect(all.map((r) => r.players.length)).toEqual([3, 3, 3]);
    expect((await ada.games.get(first.gameId)).players).toHaveLength(3);
    expect((await host.games.list()).map((g) => g.id)).toContain(first.gameId);
    await expect(bob.games.join('NOPE-NOPE')).rejects.toMatchObject({ code: 'PASSCODE_INVALID' });
  });

  it('chat, blocks and presence over REST', async () => {
    const a = client();
    const b = client();
    const { user: ua } = await a.identity.signUp('sdk_chat_a', PASSWORD);
    const { user: ub } = await b.identity.signUp('sdk_chat_b', PASSWORD);
    const sent = await a.chat.post(`dm:${ub.id}`, 'hello', { ttlSeconds: 60, clientId: 'same-one' });
    expect(sent.expiresAt).not.toBeNull();
    expect((await a.chat.post(`dm:${ub.id}`, 'hello', { clientId: 'same-one' })).seq).toBe(sent.seq);
    expect(await b.chat.conversations()).toMatchObject([
      { channel: `dm:${ua.id}`, userId: ua.id, username: 'sdk_chat_a', lastSeq: 1 },
    ]);
    const page = await b.chat.page(`dm:${ua.id}`);
    expect(page.messages.map((m) => m.body)).toEqual(['hello']);
    await b.chat.setTtl(`dm:${ua.id}`, 3600);
    expect((await a.chat.settings(`dm:${ub.id}`)).ttlSeconds).toBe(3600);
    await b.chat.block(ua.id);
    expect((await b.chat.blocks()).map((x) => x.userId)).toEqual([ua.id]);
    await expect(a.chat.post(`dm:${ub.id}`, 'still there?')).rejects.toMatchObject({ code: 'BLOCKED' });
    await b.chat.unblock(ua.id);
    expect(await b.chat.presence([ua.id])).toEqual([{ userId: ua.id, online: false, games: [] }]);
  });
});
