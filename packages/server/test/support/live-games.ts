import type { GameClient } from '@parlor/sdk';
import { afterAll, beforeAll, expect } from 'vitest';
import { PooledProcessLauncher } from '../../src/matchmaker/pooled-launcher.js';
import { client, QUICK_GAME_SERVER, QUICK_POOLED_GAME_SERVER } from './live.js';
import { startTestParlor, type TestParlor } from './test-parlor.js';

/**
 * For a test file that plays real games: a listening Parlor that forks the quick game server,
 * started before the file's tests and stopped after them, and `connect`, whose players are closed
 * at the end too.
 */
export function liveGames(env: Record<string, string>) {
  let parlor: TestParlor | undefined;
  const clients: GameClient[] = [];
  beforeAll(async () => {
    // PARLOR_TEST_GAME_POOL_ROOMS=N runs the same games in pooled game servers.
    const pooled = process.env.PARLOR_TEST_GAME_POOL_ROOMS;
    parlor = await startTestParlor(pooled ? { ...env, PARLOR_GAME_POOL_ROOMS: pooled } : env, {
      listen: true,
      gameServerEntry: QUICK_GAME_SERVER,
      pooledGameServerEntry: QUICK_POOLED_GAME_SERVER,
    });
    if (pooled) expect(parlor.launcher).toBeInstanceOf(PooledProcessLauncher);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await parlor?.stop();
  });
  return {
    get p(): TestParlor {
      if (!parlor) throw new Error('the Parlor is started in beforeAll');
      return parlor;
    },
    async connect(ticket: { url: string; connectToken: string }): Promise<GameClient> {
      const c = client(ticket);
      clients.push(c);
      await c.connect();
      return c;
    },
  };
}
