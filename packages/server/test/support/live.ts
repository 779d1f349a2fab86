import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GameClient } from '@parlor/sdk';
import { WebSocket } from 'ws';
import type { TestParlor } from './test-parlor.js';

/** The real runtime and Gem Rush with a short round (see the fixture). */
export const QUICK_GAME_SERVER = fileURLToPath(new URL('../fixtures/quick-game-server.mjs', import.meta.url));
export const QUICK_POOLED_GAME_SERVER = fileURLToPath(
  new URL('../fixtures/quick-pooled-game-server.mjs', import.meta.url),
);

export { until } from '@parlor/game-server/testing';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid the process launcher recorded for a game. */
export function pidOf(p: TestParlor, gameId: string): number {
  // A pooled game's pid file is the pooled launcher's (PARLOR_TEST_GAME_POOL_ROOMS).
  const dir = existsSync(path.join(p.dataDir, 'game-server-pools', `${gameId}.json`))
    ? 'game-server-pools'
    : 'game-servers';
  return JSON.parse(readFileSync(path.join(p.dataDir, dir, `${gameId}.json`), 'utf8')).pid;
}

export function client(ticket: { url: string; connectToken: string }, autoResume = false): GameClient {
  return new GameClient({ url: ticket.url, token: ticket.connectToken, WebSocket, autoResume });
}

export async function statusOf(p: TestParlor, token: string, gameId: string): Promise<string> {
  return (await p.call('GET', `/v1/games/${gameId}`, { token })).json().status;
}
