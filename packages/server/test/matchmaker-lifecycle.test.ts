import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from './support/games.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let fake: FakeLauncher;
let server: ReturnType<typeof gameServerOf>;
const HEARTBEAT_TIMEOUT = 20_000;
const IDLE = 60_000;
beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor(
    {
      PARLOR_MAX_GAMES_PER_USER: '50',
      PARLOR_GAME_HEARTBEAT_TIMEOUT_MS: String(HEARTBEAT_TIMEOUT),
      PARLOR_GAME_IDLE_TIMEOUT_MS: String(IDLE),
    },
    { launcher: fake },
  );
  server = gameServerOf(p, fake);
  readyOnLaunch(p, fake);
});
afterAll(() => p.stop());

const secretsOf = async (gameId: string) =>
  (
    await p.db.query<Record<string, string | null>>(
      'select reporting_token_hash, passcode_hash, connect_key_sealed from games where id = $1',
      [gameId],
    )
  )[0]!;

describe('game server reports', () => {
  it('are accepted only with that game’s reporting token', async () => {
    const host = await p.signUp('reporter');
    const a = await createGame(p, host.token);
    const b = await createGame(p, host.token);
    const beat = { players: 1, phase: 'waiting' };
    expect((await server.report(a.gameId, 'heartbeat', beat)).statusCode).toBe(200);
    expect((await server.report(a.gameId, 'heartbeat', beat, server.tokenOf(b.gameId))).statusCode).toBe(401);
    expect((await server.report(a.gameId, 'heartbeat', beat, 'x'.repeat(43))).statusCode).toBe(401);
    const bare = await p.call('POST', `/v1/internal/games/${a.gameId}/heartbeat`, { body: beat });
    expect(bare.statusCode).toBe(401);
    // A session token is no reporting token.
    expect((await server.report(a.gameId, 'heartbeat', beat, host.token)).statusCode).toBe(401);
  });

  it('start the game only from waiting, ack it, and record the end with results', async () => {
    const host = await p.signUp('finisher');
    const friend = await p.signUp('runner_up');
    const { gameId, passcode } = await createGame(p, host.token);
    await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode } });
    expect((await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json().status).toBe('waiting');
    const bad = await server.report(gameId, 'status', { status: 'in_progress', difficulty: 'impossible' });
    expect(bad.statusCode).toBe(400);
    const ack = await server.report(gameId, 'status', { status: 'in_progress', difficulty: 'hard' });
    expect(ack.json()).toEqual({ ack: true });
    // A retried report of the same start is acked again.
    expect(
      (await server.report(gameId, 'status', { status: 'in_progress', difficulty: 'hard' })).json(),
    ).toEqual({ ack: true });
    const started = (await p.call('GET', `/v1/games/${gameId}`, { token: friend.token })).json();
    expect(started).toMatchObject({ status: 'in_progress', difficulty: 'hard' });
    expect(started.passcode).toBeUndefined();

    const seats = await p.db.query<{ user_id: string; player_id: string }>(
      'select user_id, player_id from game_players where game_id = $1',
      [gameId],
    );
    const pid = (userId: string) => seats.find((s) => s.user_id === userId)!.player_id;
    const results = {
      players: [
        { playerId: pid(friend.userId), score: 42, rank: 1 },
        { playerId: pid(host.userId), score: 7, rank: 2 },
        { playerId: 'made-up', score: 99, rank: 1 },
      ],
      summary: 'runner_up wins with 42 points',
    };
    expect((await server.report(gameId, 'status', { status: 'finished', results })).json()).toEqual({
      ack: true,
    });
    const over = (await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json();
    expect(over).toMatchObject({ status: 'finished', summary: 'runner_up wins with 42 points', url: null });
    expect(over.players).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: friend.userId, score: 42, rank: 1 }),
        expect.objectContaining({ userId: host.userId, score: 7, rank: 2 }),
      ]),
    );
    expect(await secretsOf(gameId)).toEqual({
      reporting_token_hash: null,
      passcode_hash: null,
      connect_key_sealed: null,
    });
    // Its secrets are dead: reports are refused (401), which stops a server; members get no token.
    const gone = await server.report(gameId, 'heartbeat', { players: 0, phase: 'in_progress' });
    expect(gone.statusCode).toBe(401);
    expect(
      (await p.call('POST', `/v1/games/${gameId}/connect-token`, { token: host.token })).json().error.code,
    ).toBe('GAME_OVER');
    expect(
      (await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode } })).json().error.code,
    ).toBe('PASSCODE_INVALID');
    p.matchmaker.lifecycle.hurry();
    await p.matchmaker.lifecycle.settled();
    expect(fake.stopped).toContain(gameId);
    const audit = await p.db.query<{ action: string }>('select action from audit_log where target = $1', [
      gameId,
    ]);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['game.create', 'game.start', 'game.finished']),
    );
  });
});

describe('watching games', () => {
  it('fails and stops a game whose server stops heart-beating', async () => {
    const host = await p.signUp('silent');
    const { gameId } = await createGame(p, host.token);
    await server.report(gameId, 'heartbeat', { players: 1, phase: 'waiting' });
    p.clock.advance(HEARTBEAT_TIMEOUT - 1);
    await p.matchmaker.monitor.sweep();
    expect((await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json().status).toBe('waiting');
    await server.report(gameId, 'heartbeat', { players: 1, phase: 'waiting' });
    p.clock.advance(HEARTBEAT_TIMEOUT + 1);
    await p.matchmaker.monitor.sweep();
    await p.matchmaker.lifecycle.settled();
    const game = (await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json();
    expect(game).toMatchObject({ status: 'failed', endReason: expect.stringContaining('no heartbeat') });
    expect(fake.stopped).toContain(gameId);
    expect((await secretsOf(gameId)).connect_key_sealed).toBeNull();
  });

  it('ends a game nobody is connected to for the idle time', async () => {
    const host = await p.signUp('idler');
    const { gameId } = await createGame(p, host.token);
    for (let t = 0; t < IDLE; t += 10_000) {
      p.clock.advance(10_000);
      await server.report(gameId, 'heartbeat', { players: 0, phase: 'waiting' });
    }
    p.clock.advance(1);
    await p.matchmaker.monitor.sweep();
    const game = (await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json();
    expect(game).toMatchObject({ status: 'ended', endReason: 'abandoned' });
  });

  it('keeps a game someone is connected to', async () => {
    const host = await p.signUp('busy');
    const { gameId } = await createGame(p, host.token);
    for (let t = 0; t < IDLE * 2; t += 10_000) {
      p.clock.advance(10_000);
      await server.report(gameId, 'heartbeat', { players: 2, phase: 'waiting' });
    }
    await p.matchmaker.monitor.sweep();
    expect((await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json().status).toBe('waiting');
  });

  it('fails a game at once when its server exits', async () => {
    const host = await p.signUp('crashy');
    const { gameId } = await createGame(p, host.token);
    fake.crash(gameId);
    await p.matchmaker.lifecycle.settled();
    const game = (await p.call('GET', `/v1/games/${gameId}`, { token: host.token })).json();
    expect(game).toMatchObject({ status: 'failed', endReason: 'game server killed by SIGKILL' });
  });
});

describe('seeing and ending games', () => {
  it('shows a game to its players and admins only; the host or an admin ends it', async () => {
    const admin = await p.admin();
    const host = await p.signUp('gameowner');
    const member = await p.signUp('member');
    const stranger = await p.signUp('outsider');
    const { gameId, passcode } = await createGame(p, host.token);
    await p.call('POST', '/v1/games/join', { token: member.token, body: { passcode } });
    expect((await p.call('GET', `/v1/games/${gameId}`, { token: member.token })).statusCode).toBe(200);
    expect((await p.call('GET', `/v1/games/${gameId}`, { token: admin.token })).statusCode).toBe(200);
    expect((await p.call('GET', `/v1/games/${gameId}`, { token: stranger.token })).statusCode).toBe(404);
    expect((await p.call('GET', '/v1/games', { token: stranger.token })).json().games).toEqual([]);
    expect(
      (await p.call('GET', '/v1/games', { token: member.token }))
        .json()
        .games.map((g: { id: string }) => g.id),
    ).toEqual([gameId]);
    const all = (await p.call('GET', '/v1/games', { token: admin.token })).json().games;
    expect(all.length).toBeGreaterThan(1);

    expect((await p.call('DELETE', `/v1/games/${gameId}`, { token: stranger.token })).statusCode).toBe(404);
    expect((await p.call('DELETE', `/v1/games/${gameId}`, { token: member.token })).statusCode).toBe(403);
    expect((await p.call('DELETE', `/v1/games/${gameId}`, { token: host.token })).statusCode).toBe(204);
    expect((await p.call('DELETE', `/v1/games/${gameId}`, { token: admin.token })).statusCode).toBe(204);
    await p.matchmaker.lifecycle.settled();
    expect(fake.stopped).toContain(gameId);
    const game = (await p.call('GET', `/v1/games/${gameId}`, { token: admin.token })).json();
    expect(game).toMatchObject({ status: 'ended', endReason: 'ended by the host' });
  });
});

describe('reconciliation at start', () => {
  it('stops servers of games that are over and fails live games whose server is gone', async () => {
    const host = await p.signUp('reconciler');
    const kept = await createGame(p, host.token);
    const lost = await createGame(p, host.token);
    const over = await createGame(p, host.token);
    await p.call('DELETE', `/v1/games/${over.gameId}`, { token: host.token });
    await p.matchmaker.lifecycle.settled();
    // As if the node had died: its launcher still sees one server that should be gone and
    // has lost one that should be running.
    fake.running.add(over.gameId);
    fake.running.delete(lost.gameId);
    const result = await p.matchmaker.monitor.reconcile();
    expect(result.stopped).toContain(over.gameId);
    expect(result.failed).toContain(lost.gameId);
    expect(result.failed).not.toContain(kept.gameId);
    expect(fake.running.has(over.gameId)).toBe(false);
    const status = async (id: string) =>
      (await p.call('GET', `/v1/games/${id}`, { token: host.token })).json().status;
    expect(await status(lost.gameId)).toBe('failed');
    expect(await status(kept.gameId)).toBe('waiting');
  });
});
