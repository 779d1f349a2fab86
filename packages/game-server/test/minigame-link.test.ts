import { afterEach, describe, expect, it } from 'vitest';
import { closeCodeOf } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { until } from '../src/testing/index.js';
import { startMinigameGame } from './minigame-harness.js';

type Game = Awaited<ReturnType<typeof startMinigameGame>>;
let game: Game | null = null;
afterEach(async () => {
  await game?.close();
  game = null;
});

/** The host configures; resolves once the mini-game received `start`. */
async function started(g: Game, host: GameClient, minigame: { frames: { type: string }[] }) {
  host.configure('easy');
  await g.stub.waitFor((r) => r.kind === 'status' && r.body.status === 'in_progress');
  // `start` goes out as the room begins the game (no tick needed): the clock has not moved.
  await until(() => minigame.frames.some((f) => f.type === 'start'));
}

describe('a mini-game link on a manual clock (real sockets)', () => {
  it('closes an attach with an expired token MINIGAME_KEY_REFUSED and changes nothing', async () => {
    game = await startMinigameGame();
    // Within the game's 20 s to attach, but past the token's own expiry.
    const token = game.attachToken(game.clock.nowMs() + 1_000);
    game.clock.advance(1_001);
    const late = await game.attach(token);
    expect(await late.closeCode).toBe(closeCodeOf('MINIGAME_KEY_REFUSED'));
    expect(late.frames).toEqual([expect.objectContaining({ type: 'closing', code: 'MINIGAME_KEY_REFUSED' })]);
    // Nothing changed: no failure, the room still admits players, and a valid token attaches.
    const host = await game.join('p1');
    const fresh = await game.attach();
    await until(() => fresh.frames.some((f) => f.type === 'attached'));
    await started(game, host, fresh);
    expect(game.stub.ofKind('status').map((r) => r.body.status)).toEqual(['in_progress']);
    expect(host.state?.phase).toBe('in_progress');
  });

  it('ends a game whose mini-game says nothing after start once the configured stall passes, and reports why', async () => {
    game = await startMinigameGame({ stallMs: 3_000 });
    const host = await game.join('p1');
    const minigame = await game.attach();
    await until(() => minigame.frames.some((f) => f.type === 'attached'));
    await started(game, host, minigame);
    const closed = new Promise<{ code?: string; message?: string }>((resolve) => host.on('closed', resolve));
    game.clock.advance(2_900);
    expect(game.stub.ofKind('status')).toHaveLength(1);
    game.clock.advance(200);
    const words = 'The mini-game server stopped answering after the game started; the game has ended';
    expect(await closed).toMatchObject({ code: 'MINIGAME_FAILED', message: words });
    expect(await minigame.closeCode).toBe(closeCodeOf('MINIGAME_FAILED'));
    const report = await game.stub.waitFor((r) => r.kind === 'status' && r.body.status === 'failed');
    expect(report.body).toEqual({
      status: 'failed',
      code: 'MINIGAME_FAILED',
      reason: words,
    });
  });
});

describe('a mini-game that drops its socket mid-game', () => {
  it('re-attaches within the grace: the game goes on, players are told and never closed', async () => {
    game = await startMinigameGame({ reconnectGraceMs: 5_000 });
    const host = await game.join('p1');
    const notices: unknown[] = [];
    host.on('message', (m) => (m as { kind?: string }).kind === 'notice' && notices.push(m));
    let closed = false;
    host.on('closed', () => (closed = true));
    let closedBeforeTheEnd: boolean | undefined;
    host.on('ended', () => (closedBeforeTheEnd = closed));
    const first = await game.attach();
    await until(() => first.frames.some((f) => f.type === 'attached'));
    await started(game, host, first);
    first.send({ type: 'state', state: { round: 1 } });
    await until(() => {
      game!.tick();
      return (host.state?.game as { view?: { round?: number } })?.view?.round === 1;
    });

    first.ws.close(1001);
    await until(() => {
      game!.tick();
      return notices.length === 1;
    });
    expect(notices[0]).toMatchObject({ kind: 'notice', notice: 'reconnecting' });
    // An input while it is away waits for it.
    host.sendInput({ pick: 4 });
    await until(() => {
      game!.tick();
      return game!.link['outbox'].length === 1;
    });
    game.clock.advance(4_000);
    const second = await game.attach();
    await until(() => second.frames.some((f) => f.type === 'input'));
    expect(second.frames.map((f) => f.type)).toEqual(['attached', 'resumed', 'input']);
    expect(second.frames[1]).toEqual({ type: 'resumed', players: [{ playerId: 'p1', displayName: 'p1' }] });
    expect(second.frames[2]).toMatchObject({ playerId: 'p1', input: { pick: 4 } });
    await until(() => {
      game!.tick();
      return notices.length === 2;
    });
    expect(notices[1]).toMatchObject({ kind: 'notice', notice: 'resumed' });
    game.clock.advance(10_000); // well past the grace: nothing fires any more
    second.send({ type: 'results', results: { players: [{ playerId: 'p1', score: 4, rank: 1 }] } });
    const ended = new Promise((resolve) => host.on('ended', resolve));
    await until(() => {
      game!.tick();
      return host.results;
    });
    await ended;
    expect(closedBeforeTheEnd).toBe(false);
    expect(game.stub.ofKind('status').map((r) => r.body.status)).toEqual(['in_progress', 'finished']);
  });

  it('does not come back: the game ends with the reason once the grace has passed', async () => {
    game = await startMinigameGame({ reconnectGraceMs: 5_000 });
    const host = await game.join('p1');
    const first = await game.attach();
    await until(() => first.frames.some((f) => f.type === 'attached'));
    await started(game, host, first);
    first.send({ type: 'state', state: { round: 1 } });
    game.tick();
    const closed = new Promise<{ code?: string; message?: string }>((resolve) => host.on('closed', resolve));
    first.ws.close(1001);
    await until(() => game!.link['graceDeadline'] !== null);
    game.clock.advance(4_999);
    expect(game.stub.ofKind('status')).toHaveLength(1);
    game.clock.advance(1);
    const words = 'The mini-game server disconnected and did not come back in time; the game has ended';
    expect(await closed).toEqual({ code: 'MINIGAME_FAILED', message: words });
    const report = await game.stub.waitFor((r) => r.kind === 'status' && r.body.status === 'failed');
    expect(report.body).toEqual({ status: 'failed', code: 'MINIGAME_FAILED', reason: words });
    expect((await game.server.exited).exitCode).toBe(1);
  });

  it('ends at once when it has no grace (PARLOR_MINIGAME_RECONNECT_GRACE_SECONDS=0)', async () => {
    game = await startMinigameGame({ reconnectGraceMs: 0 });
    const host = await game.join('p1');
    const first = await game.attach();
    await until(() => first.frames.some((f) => f.type === 'attached'));
    await started(game, host, first);
    const closed = new Promise<{ code?: string; message?: string }>((resolve) => host.on('closed', resolve));
    first.ws.close(1001);
    expect(await closed).toMatchObject({
      code: 'MINIGAME_FAILED',
      message: /disconnected; the game has ended/,
    });
  });
});
