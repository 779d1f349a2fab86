import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameResults } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { connectMinigame, MinigameFrameError, type MinigameConnection } from '@parlor/minigame-kit';
import { until } from '../../server/test/support/live.js';
import { startTestParlor, type TestParlor } from '../../server/test/support/test-parlor.js';
import { registerMinigame, twoPlayers } from './minigame-players.js';

// A real listening Parlor with a forked game server; the mini-game is written on the kit.
let p: TestParlor;
const clients: GameClient[] = [];
const connections: MinigameConnection[] = [];
beforeAll(async () => {
  p = await startTestParlor({}, { listen: true });
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const c of connections) c.stop();
  await p.stop();
});

describe('connectMinigame against a real Parlor', () => {
  it('plays a game to its results, and refuses a bad frame locally instead of sending it', async () => {
    const { owner, studio, key } = await registerMinigame(p, 'kit-duel');
    const errors: unknown[] = [];
    const picks = new Map<string, number>();
    const connection = connectMinigame({
      url: p.url,
      key: key.key,
      log: () => {},
      onError: (e) => errors.push(e),
      game: () => ({
        start(ctx, e) {
          ctx.state({ round: 1 });
          // A studio's bug: a component kind that does not exist. Caught here, never sent.
          ctx.view(e.players[0]!.playerId, [{ kind: 'marquee' } as never]);
        },
        input(ctx, playerId, input) {
          const pick = (input as { pick?: unknown })?.pick;
          if (typeof pick !== 'number') return;
          picks.set(playerId, pick);
          if (picks.size < 2) return;
          const ranked = [...picks].sort((a, b) => b[1] - a[1]);
          ctx.results({ players: ranked.map(([id, score], i) => ({ playerId: id, score, rank: i + 1 })) });
        },
      }),
    });
    connections.push(connection);
    expect((await connection.welcomed).minigameId).toBe('kit-duel');
    const { host, other } = await twoPlayers(p, owner.token, 'kit-duel', 'kit_friend');
    clients.push(host, other);
    await host.connect();
    await other.connect();
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
    host.configure('easy');
    await until(() => errors.length === 1);
    expect(errors[0]).toBeInstanceOf(MinigameFrameError);
    host.sendInput({ pick: 2 });
    other.sendInput({ pick: 9 });
    const results = await ended;
    expect(results.players.map((r) => [r.displayName, r.rank])).toEqual([
      ['kit_friend', 1],
      ['kit_duel_owner', 2],
    ]);
    await until(
      async () =>
        (await p.call('GET', `/v1/studios/${studio.id}/minigames/kit-duel`, { token: owner.token })).json()
          .plays === 1,
    );
  });

  it('stops for good when its key is revoked', async () => {
    const { owner, studio, key } = await registerMinigame(p, 'kit-revoked');
    const connection = connectMinigame({
      url: p.url,
      key: key.key,
      log: () => {},
      game: () => ({ start() {} }),
    });
    connections.push(connection);
    await connection.welcomed;
    const revoked = await p.call('DELETE', `/v1/studios/${studio.id}/api-keys/${key.id}`, {
      token: owner.token,
    });
    expect(revoked.statusCode, revoked.body).toBeLessThan(300);
    expect(await connection.stopped).toBe('MINIGAME_KEY_REFUSED');
  });
});
