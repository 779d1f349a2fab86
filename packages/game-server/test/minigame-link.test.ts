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
