import { openConnectToken } from '@parlor/game-server/connect-token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from './support/games.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let fake: FakeLauncher;
let server: ReturnType<typeof gameServerOf>;
beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor({ PARLOR_MAX_GAMES_PER_USER: '50' }, { launcher: fake });
  server = gameServerOf(p, fake);
  readyOnLaunch(p, fake);
});
afterAll(() => p.stop());

describe('creating a game', () => {
  it('launches a server, hands it the secrets and answers with address, token and passcode', async () => {
    const host = await p.signUp('creator');
    const res = await p.call('POST', '/v1/games', {
      token: host.token,
      body: { type: 'gem-rush', maxPlayers: 4 },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      // Relayed on the origin the request came to (inject's Host is localhost:80).
      url: `ws://localhost:80/v1/games/${body.gameId}/socket`,
      passcode: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/),
    });
    const spec = fake.specs.get(body.gameId)!;
    expect(spec).toMatchObject({ gameType: 'gem-rush', maxPlayers: 4, controlUrl: 'http://127.0.0.1:9' });
    expect(spec.secrets.connectKey).toHaveLength(32);
    const opened = openConnectToken(spec.secrets.connectKey, body.gameId, body.connectToken, Date.now());
    expect(opened).toMatchObject({ ok: true, payload: { gameId: body.gameId, displayName: 'creator' } });
    const game = (await p.call('GET', `/v1/games/${body.gameId}`, { token: host.token })).json();
    expect(game).toMatchObject({ status: 'waiting', hostId: host.userId, passcode: body.passcode });
    expect(game.players).toEqual([expect.objectContaining({ userId: host.userId, role: 'host' })]);
  });

  it('stores no secret in clear: hashes of token and passcode, the connect key sealed', async () => {
    const host = await p.signUp('hashes');
    const { gameId, passcode } = await createGame(p, host.token);
    const spec = fake.specs.get(gameId)!;
    const [row] = await p.db.query<Record<string, string>>('select * from games where id = $1', [gameId]);
    const dump = JSON.stringify(row);
    expect(dump).not.toContain(spec.secrets.reportingToken);
    expect(dump).not.toContain(spec.secrets.connectKey.toString('base64url'));
    expect(dump).not.toContain(spec.secrets.connectKey.toString('hex'));
    expect(dump).not.toContain(passcode.replace('-', ''));
    expect(row!.reporting_token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses unknown types and player counts the game does not take', async () => {
    const host = await p.signUp('picky');
    const unknown = await p.call('POST', '/v1/games', { token: host.token, body: { type: 'chess' } });
    expect(unknown.json().error.code).toBe('GAME_TYPE_UNKNOWN');
    const one = await p.call('POST', '/v1/games', {
      token: host.token,
      body: { type: 'gem-rush', maxPlayers: 1 },
    });
    expect(one.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('returns the same game for a retried request id and launches once', async () => {
    const host = await p.signUp('retrier');
    const launches = fake.launches;
    const headers = { 'idempotency-key': 'retry-0000001' };
    const [a, b] = await Promise.all([
      p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' }, headers }),
      p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' }, headers }),
    ]);
    const c = await p.call('POST', '/v1/games', {
      token: host.token,
      body: { type: 'gem-rush', requestId: 'retry-0000001' },
    });
    expect([a.statusCode, b.statusCode, c.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([a.json().gameId, b.json().gameId, c.json().gameId]).size).toBe(1);
    expect(new Set([a.json().passcode, b.json().passcode, c.json().passcode]).size).toBe(1);
    expect(fake.launches - launches).toBe(1);
    const other = await p.call('POST', '/v1/games', {
      token: host.token,
      body: { type: 'gem-rush', maxPlayers: 3 },
      headers,
    });
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another user's same key is another request.
    const stranger = await p.signUp('same_key');
    const theirs = await p.call('POST', '/v1/games', {
      token: stranger.token,
      body: { type: 'gem-rush' },
      headers,
    });
    expect(theirs.json().gameId).not.toBe(a.json().gameId);
  });

  it('fails the game when the launch fails or no ready report comes in time', async () => {
    const host = await p.signUp('unlucky');
    fake.failNext = true;
    const refused = await p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('GAME_START_FAILED');

    const slow = await startTestParlor(
      { PARLOR_GAME_STARTUP_TIMEOUT_MS: '300' },
      { launcher: new FakeLauncher() },
    );
    try {
      const h = await slow.signUp('slowpoke');
      const res = await slow.call('POST', '/v1/games', { token: h.token, body: { type: 'gem-rush' } });
      expect(res.json().error.code).toBe('GAME_START_FAILED');
      const list = (await slow.call('GET', '/v1/games', { token: h.token })).json().games;
      expect(list[0]).toMatchObject({
        status: 'failed',
        endReason: expect.stringContaining('startup deadline'),
      });
      const [row] = await slow.db.query<{ connect_key_sealed: string | null }>(
        'select connect_key_sealed from games',
      );
      expect(row!.connect_key_sealed).toBeNull();
    } finally {
      await slow.stop();
    }
  });

  it('lists the game types', async () => {
    const { token } = await p.signUp('browser');
    const res = await p.call('GET', '/v1/game-types', { token });
    expect(res.json().gameTypes).toContainEqual(
      expect.objectContaining({ id: 'gem-rush', minPlayers: 2, maxPlayers: 8 }),
    );
  });
});

describe('joining with a passcode', () => {
  it('seats friends until the game is full, then says so', async () => {
    const host = await p.signUp('fullhost');
    const { gameId, passcode } = await createGame(p, host.token, { maxPlayers: 2 });
    const friend = await p.signUp('friend1');
    const joined = await p.call('POST', '/v1/games/join', {
      token: friend.token,
      body: { passcode: passcode.toLowerCase() },
    });
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ gameId, url: `ws://localhost:80/v1/games/${gameId}/socket` });
    const again = await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode } });
    expect(again.statusCode).toBe(200);
    const late = await p.signUp('friend2');
    const full = await p.call('POST', '/v1/games/join', { token: late.token, body: { passcode } });
    expect(full.statusCode).toBe(409);
    expect(full.json().error.code).toBe('GAME_FULL');
  });

  it('refuses joins after the start and unknown passcodes, each with its own code', async () => {
    const host = await p.signUp('starter');
    const { gameId, passcode } = await createGame(p, host.token);
    const ack = await server.report(gameId, 'status', { status: 'in_progress', difficulty: 'easy' });
    expect(ack.json()).toEqual({ ack: true });
    const late = await p.signUp('latecomer');
    const res = await p.call('POST', '/v1/games/join', { token: late.token, body: { passcode } });
    expect(res.json().error.code).toBe('GAME_STARTED');
    const wrong = await p.call('POST', '/v1/games/join', {
      token: late.token,
      body: { passcode: '00000-00000' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('PASSCODE_INVALID');
    const junk = await p.call('POST', '/v1/games/join', {
      token: late.token,
      body: { passcode: 'not a code!' },
    });
    expect(junk.json().error.code).toBe('PASSCODE_INVALID');
  });

  it('limits passcode attempts per user and per address', async () => {
    const limited = await startTestParlor(
      { PARLOR_JOIN_PER_MINUTE_USER: '5', PARLOR_JOIN_PER_MINUTE_IP: '8' },
      { launcher: new FakeLauncher() },
    );
    try {
      const guesser = await limited.signUp('guesser');
      const codes: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await limited.call('POST', '/v1/games/join', {
          token: guesser.token,
          body: { passcode: `AAAAA-AAAA${i}` },
        });
        codes.push(res.json().error.code);
      }
      expect(codes.slice(0, 5).every((c) => c === 'PASSCODE_INVALID')).toBe(true);
      expect(codes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
      // A second account from the same address runs into the per-address limit.
      const accomplice = await limited.signUp('accomplice');
      const more: number[] = [];
      for (let i = 0; i < 4; i++) {
        more.push(
          (
            await limited.call('POST', '/v1/games/join', {
              token: accomplice.token,
              body: { passcode: 'BBBBB-BBBBB' },
            })
          ).statusCode,
        );
      }
      expect(more.filter((s) => s === 429).length).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });

  it('gives members, and only members, a fresh connect token', async () => {
    const host = await p.signUp('rejoiner');
    const { gameId, connectToken } = await createGame(p, host.token);
    const fresh = await p.call('POST', `/v1/games/${gameId}/connect-token`, { token: host.token });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().connectToken).not.toBe(connectToken);
    const stranger = await p.signUp('stranger1');
    expect(
      (await p.call('POST', `/v1/games/${gameId}/connect-token`, { token: stranger.token })).statusCode,
    ).toBe(404);
  });
});
