import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, until } from './support/live.js';
import { buildServer, request, type ServerProcess, signUpAt, startServer } from './support/server-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-sigkill-'));
// Embedded storage even when the suite runs against PostgreSQL: this is about processes.
const env = {
  DATABASE_URL: '',
  REDIS_URL: '',
  PARLOR_DATA_DIR: dataDir,
  PARLOR_GAME_HEARTBEAT_INTERVAL_MS: '100',
  PARLOR_GAME_HEARTBEAT_TIMEOUT_MS: '1500',
};
const servers: ServerProcess[] = [];
const pidOf = (gameId: string): number =>
  JSON.parse(readFileSync(path.join(dataDir, 'game-servers', `${gameId}.json`), 'utf8')).pid;

beforeAll(buildServer, 120_000);
afterAll(async () => {
  for (const s of servers) await s.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the control plane is SIGKILLed mid-game and started again (real processes)', () => {
  it('the new node fails the orphaned game, stops its server, and stops its own on SIGTERM', async () => {
    const first = await startServer(env);
    servers.push(first);
    const host = await signUpAt(first.url, 'sigkill_host');
    const created = await request(first.url, 'POST', '/v1/games', {
      token: host.token,
      body: { type: 'gem-rush' },
    });
    expect(created.status).toBe(201);
    const orphanPid = pidOf(created.body.gameId);
    expect(alive(orphanPid)).toBe(true);

    await first.kill('SIGKILL');
    // Its game server outlives it: nothing told it the node died.
    expect(alive(orphanPid)).toBe(true);

    const second = await startServer(env);
    servers.push(second);
    const session = await request(second.url, 'POST', '/v1/sessions', {
      body: { username: 'sigkill_host', password: 'a long enough passphrase' },
    });
    const token = session.body.token as string;
    const statusOf = async (gameId: string) =>
      (await request(second.url, 'GET', `/v1/games/${gameId}`, { token })).body.status;
    // The old server reports to an address nobody answers at any more; the new node sees the
    // heartbeats stop, fails the game, and stops the process it did not start.
    await until(async () => (await statusOf(created.body.gameId)) === 'failed', { timeoutMs: 15_000 });
    await until(() => !alive(orphanPid), { timeoutMs: 15_000 });

    const next = await request(second.url, 'POST', '/v1/games', { token, body: { type: 'gem-rush' } });
    expect(next.status).toBe(201);
    const livePid = pidOf(next.body.gameId);
    expect(alive(livePid)).toBe(true);
    await second.kill('SIGTERM');
    await until(() => !alive(livePid), { timeoutMs: 15_000 });
  }, 90_000);
});
