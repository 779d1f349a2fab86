import { afterEach, describe, expect, it } from 'vitest';
import { closeCodeOf, encodeFrame } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { ControlPlaneStub, type StubAnswer } from '../src/testing/index.js';
import { REPORTING_TOKEN, startHarness, until, type Harness } from './harness.js';
import { counterGame } from './test-game.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

function record<T>(client: GameClient, event: 'error' | 'host' | 'message' | 'ended' | 'closed'): T[] {
  const seen: T[] = [];
  client.on(event, (value) => void seen.push(value as T));
  return seen;
}

describe('game server runtime with a recording control-plane stub', () => {
  it('reports ready with its port, then heartbeats, all with the reporting token', async () => {
    h = await startHarness();
    const ready = await h.stub.waitFor((r) => r.kind === 'ready');
    expect(ready).toMatchObject({ gameId: h.gameId, body: { port: h.server.port } });
    const beat = await h.stub.waitFor((r) => r.kind === 'heartbeat');
    expect(beat.body).toEqual({ players: 0, phase: 'waiting' });
    expect(h.stub.reports.every((r) => r.authorization === `Bearer ${REPORTING_TOKEN}`)).toBe(true);
  });

  it('plays a whole game: host rules, start only after the ack, late joins refused, results reported', async () => {
    h = await startHarness();
    let releaseAck!: (answer: StubAnswer) => void;
    h.stub.answer.status = (report) =>
      report.body.status === 'in_progress'
        ? new Promise((resolve) => (releaseAck = resolve))
        : { status: 200, body: { ack: true } };

    const ada = await h.join('ada');
    const bob = await h.join('bob');
    const cy = await h.join('cy');
    expect(ada.isHost).toBe(true);
    await until(() => Object.keys(ada.state!.players).length === 3);
    expect(cy.state!.hostId).toBe('ada');
    expect(Object.values(ada.state!.players).map((p) => p.seat)).toEqual([0, 1, 2]);

    const bobErrors = record<{ code: string }>(bob, 'error');
    bob.configure('easy');
    await until(() => bobErrors.length > 0);
    expect(bobErrors[0]!.code).toBe('NOT_HOST');

    const adaErrors = record<{ code: string }>(ada, 'error');
    ada.configure('impossible');
    await until(() => adaErrors.length > 0);
    expect(adaErrors[0]!.code).toBe('INVALID_DIFFICULTY');

    ada.configure('hard');
    const status = await h.stub.waitFor((r) => r.kind === 'status');
    expect(status.body).toEqual({ status: 'in_progress', difficulty: 'hard' });
    await until(() => bob.state!.phase === 'starting');
    expect(bob.state!.game).toBeNull();

    // Before the ack nobody new gets in and the game has not begun.
    const late = h.client('dan');
    await expect(late.connect()).rejects.toMatchObject({ code: 'GAME_STARTED' });
    expect(ada.state!.phase).toBe('starting');

    releaseAck({ status: 200, body: { ack: true } });
    await until(() => cy.state!.phase === 'in_progress');
    expect(cy.state!.difficulty).toBe('hard');

    const later = h.client('eve');
    await expect(later.connect()).rejects.toMatchObject({ code: 'GAME_STARTED' });

    const won = record<unknown>(bob, 'message');
    const ended = record<unknown>(cy, 'ended');
    ada.sendInput('junk');
    ada.sendInput({ add: 1 });
    await until(() => (cy.state!.game as { counts: Record<string, number> }).counts.ada === 1);
    for (let i = 0; i < 3; i++) bob.sendInput({ add: 2 });
    await until(() => ended.length > 0);
    expect(won).toContainEqual({ youWon: true });
    const finished = await h.stub.waitFor((r) => r.kind === 'status' && r.body.status === 'finished');
    // Named from the connect tokens (the harness names players by their ids).
    expect(finished.body.results.players[0]).toEqual({
      playerId: 'bob',
      displayName: 'bob',
      score: 6,
      rank: 1,
    });
    expect(finished.body.results.players).toContainEqual({
      playerId: 'ada',
      displayName: 'ada',
      score: 1,
      rank: 2,
    });
    expect(ended[0]).toEqual(finished.body.results);
    expect(await h.server.exited).toEqual({ exitCode: 0, reason: 'finished' });
  });

  it('refuses a player beyond maxPlayers', async () => {
    h = await startHarness({ config: { maxPlayers: 2 } });
    await h.join('ada');
    await h.join('bob');
    await expect(h.client('cy').connect()).rejects.toMatchObject({ code: 'GAME_FULL' });
    // An existing member still gets back in with a fresh connect token.
    await expect(h.client('bob').connect()).resolves.toMatchObject({ playerId: 'bob' });
  });

  it('lets a member back in with a fresh connect token after the start', async () => {
    h = await startHarness();
    const ada = await h.join('ada');
    const bob = await h.join('bob', { autoResume: false });
    ada.configure('easy');
    await until(() => bob.state!.phase === 'in_progress');
    bob.close();
    await until(() => ada.state!.players.bob?.connected === false);
    const back = await h.join('bob');
    expect(back.state!.phase).toBe('in_progress');
    expect(back.state!.game).toMatchObject({ counts: { ada: 0, bob: 0 } });
    await until(() => ada.state!.players.bob?.connected === true);
    await expect(
      h.stub.waitFor((r) => r.kind === 'heartbeat' && r.body.phase === 'in_progress'),
    ).resolves.toMatchObject({
      body: { players: 2, phase: 'in_progress' },
    });
  });

  it('refuses a replayed connect token, also from another connection', async () => {
    h = await startHarness();
    const token = h.token('ada');
    const { GameClient } = await import('@parlor/sdk');
    const { WebSocket } = await import('ws');
    await new GameClient({ url: h.url, token, WebSocket }).connect();
    const replay = new GameClient({ url: h.url, token, WebSocket, autoResume: false });
    await expect(replay.connect()).rejects.toMatchObject({ code: 'TOKEN_REPLAYED' });
  });

  it('lets a dropped player resume within the grace window, with the state kept', async () => {
    h = await startHarness({ config: { graceMs: 10_000 } });
    const ada = await h.join('ada');
    const bob = await h.join('bob');
    const resumed: unknown[] = [];
    bob.on('resumed', (w) => void resumed.push(w));
    const sockets = (bob as unknown as { socket: { terminate(): void } }).socket;
    sockets.terminate();
    await until(() => ada.state!.players.bob?.connected === false);
    await until(() => resumed.length === 1);
    await until(() => ada.state!.players.bob?.connected === true);
    expect(bob.playerId).toBe('bob');
    expect(bob.state!.players.ada).toBeDefined();
    ada.configure('easy');
    await until(() => bob.state!.phase === 'in_progress');
  });

  it('removes a dropped player once the grace window has passed', async () => {
    h = await startHarness({ config: { graceMs: 50 } });
    const ada = await h.join('ada');
    const bob = await h.join('bob', { autoResume: false });
    bob.close();
    await until(() => ada.state!.players.bob === undefined);
    expect(Object.keys(ada.state!.players)).toEqual(['ada']);
  });

  it('hands the host role to the next connected player when the host leaves before the start', async () => {
    h = await startHarness();
    const ada = await h.join('ada', { autoResume: false });
    const bob = await h.join('bob');
    const cy = await h.join('cy');
    const bobHears = record<string>(bob, 'host');
    const cyHears = record<string>(cy, 'host');
    ada.close();
    await until(() => bobHears.length > 0 && cyHears.length > 0);
    expect(bobHears).toEqual(['bob']);
    expect(cyHears).toEqual(['bob']);
    await until(() => cy.state!.hostId === 'bob');
    expect(bob.isHost).toBe(true);
    bob.configure('easy');
    await until(() => cy.state!.phase === 'in_progress');
  });

  it('disconnects a client that floods, and the game goes on', async () => {
    h = await startHarness();
    const ada = await h.join('ada');
    const ws = await h.rawSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.send(encodeFrame({ type: 'hello', token: h.token('flood') }));
    await until(() => ada.state!.players.flood !== undefined);
    for (let i = 0; i < 500; i++) ws.send(encodeFrame({ type: 'ping', ref: String(i) }));
    expect(await closed).toBe(closeCodeOf('RATE_LIMITED'));
    expect(ada.ping('1')).toBe(true);
    await until(() => ada.state!.players.flood?.connected === false);
  });

  it('disconnects a client that keeps sending garbage', async () => {
    h = await startHarness();
    const ws = await h.rawSocket();
    ws.send(encodeFrame({ type: 'hello', token: h.token('junk') }));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    await new Promise((resolve) => ws.once('message', resolve));
    for (let i = 0; i < 40; i++) ws.send(Buffer.from([0xc1, i]));
    expect(await closed).toBe(closeCodeOf('BAD_FRAME'));
  });

  it('tells the players and stops when the control plane never acks the start', async () => {
    const stub = await new ControlPlaneStub().start();
    stub.answer.status = () => ({ status: 409, body: { error: { code: 'CONFLICT' } } });
    h = await startHarness({ stub });
    const ada = await h.join('ada');
    await h.join('bob');
    const closed = record<{ code?: string }>(ada, 'closed');
    ada.configure('easy');
    expect(await h.server.exited).toMatchObject({ exitCode: 1 });
    await until(() => closed.length > 0);
    expect(closed[0]!.code).toBe('START_FAILED');
    await stub.stop();
  });

  for (const status of [401, 410])
    it(`stops with SERVER_STOPPING when the control plane has forgotten the game (${status})`, async () => {
      const stub = await new ControlPlaneStub().start();
      h = await startHarness({ stub });
      const ada = await h.join('ada');
      const closed = record<{ code?: string }>(ada, 'closed');
      stub.answer.heartbeat = () => ({ status });
      expect(await h.server.exited).toEqual({ exitCode: 0, reason: 'forgotten' });
      await until(() => closed.length > 0);
      expect(closed[0]!.code).toBe('SERVER_STOPPING');
      await stub.stop();
    });

  it('gives up after heartbeats fail for longer than the give-up window', async () => {
    const stub = await new ControlPlaneStub().start();
    h = await startHarness({ stub, config: { heartbeatGiveUpMs: 100 } });
    await stub.waitFor((r) => r.kind === 'heartbeat');
    stub.answer.heartbeat = () => ({ status: 503 });
    expect(await h.server.exited).toMatchObject({ exitCode: 1, reason: 'control plane unreachable' });
    await stub.stop();
  });

  it('survives a game whose tick throws: players are told, the process is not', async () => {
    h = await startHarness({
      logic: counterGame(5, {
        tick: () => {
          throw new Error('boom');
        },
      }),
    });
    const ada = await h.join('ada');
    await h.join('bob');
    const closed = record<{ code?: string }>(ada, 'closed');
    ada.configure('easy');
    expect(await h.server.exited).toMatchObject({ exitCode: 1 });
    await until(() => closed.length > 0);
    expect(closed[0]!.code).toBe('INTERNAL');
  });
});
