// Parlor's side of the many-games section: N games of the workload started through the real
// launchers (ProcessLauncher: a game-server process per game; PooledProcessLauncher: up to
// `poolRooms` rooms a process), reporting to the accept-all stub of raw-launch.mjs. Each
// player's first frame is a sealed connect token; player 0 of a game is its host, and its
// `configure` (sent by the client process once everyone is in) starts that game.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sealConnectToken } from '@parlor/game-server';
import { encodeFrame } from '@parlor/protocol';
import { within } from '../support/allocations.mjs';
import { startReadyStub } from '../support/raw-launch.mjs';

const dist = (file) => new URL(`../../packages/server/dist/${file}`, import.meta.url).href;
const { ProcessLauncher } = await import(dist('matchmaker/process-launcher.js'));
const { PooledProcessLauncher } = await import(dist('matchmaker/pooled-launcher.js'));
const { createLogger } = await import(dist('platform/logger.js'));

// Process per game: a few boots at once keep two cores busy without a pile-up of half-started
// Node processes. Pooled: one at a time, or concurrent launches would each fork a process.
const PROCESS_LAUNCHES_IN_FLIGHT = 4;
const READY_TIMEOUT_MS = 60_000;
const entry = (file) => fileURLToPath(new URL(file, import.meta.url));

function launcherFor(poolRooms, dataDir) {
  const common = {
    dataDir,
    host: '127.0.0.1',
    publicHost: '127.0.0.1',
    logger: createLogger('silent'),
    stopGraceMs: 1_000,
  };
  const single = new ProcessLauncher({ ...common, entry: entry('./entities-game-server.mjs') });
  if (!poolRooms) return single;
  return new PooledProcessLauncher({
    ...common,
    entry: entry('./entities-pool-server.mjs'),
    roomsPerProcess: poolRooms,
    single,
  });
}

/**
 * `poolRooms` 0: one process per game. Resolves once every game reported ready; past
 * `startTimeoutMs` it launches no more, stops what it started and throws.
 */
export async function startParlorGames({ games, players, poolRooms, startTimeoutMs }) {
  const deadline = performance.now() + startTimeoutMs;
  const dataDir = mkdtempSync(join(tmpdir(), 'parlor-compare-games-'));
  const stub = await startReadyStub();
  const launcher = launcherFor(poolRooms, dataDir);
  const launched = [];
  const stop = async () => {
    await launcher.close();
    await stub.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let next = 0;
  let failed = false;
  const launchWorker = async () => {
    while (next < games && !failed) {
      if (performance.now() > deadline)
        throw new Error(`${launched.length} of ${games} games up after ${startTimeoutMs} ms`);
      next += 1;
      const gameId = randomUUID();
      const connectKey = randomBytes(32);
      const ready = stub.readyOf(gameId);
      const server = await launcher.launch({
        gameId,
        gameType: 'bench-entities',
        maxPlayers: players,
        // No heartbeat inside a measuring window: the stub would only ack it.
        heartbeatIntervalMs: 600_000,
        controlUrl: stub.url,
        secrets: { connectKey, reportingToken: randomBytes(32).toString('base64url') },
      });
      const { port } = await within(ready, READY_TIMEOUT_MS, 'game server ready');
      launched.push({ gameId, connectKey, pid: Number(server.ref), port });
    }
  };
  const worker = async () => {
    try {
      await launchWorker();
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  // Every worker settles before a failure stops the launcher, so none launches after it.
  const inFlight = poolRooms ? 1 : PROCESS_LAUNCHES_IN_FLIGHT;
  const settled = await Promise.allSettled(Array.from({ length: inFlight }, worker));
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const urls = [];
  const firstFrames = [];
  const startFrames = [];
  const configure = Buffer.from(encodeFrame({ type: 'configure', difficulty: 'normal' })).toString('base64');
  for (const { gameId, connectKey, port } of launched) {
    startFrames.push([urls.length, configure]);
    for (let i = 0; i < players; i++) {
      urls.push(`ws://127.0.0.1:${port}`);
      const token = sealConnectToken(connectKey, {
        gameId,
        playerId: `p${i}`,
        displayName: `player ${i}`,
        expiresAt: Date.now() + 120_000,
      });
      firstFrames.push(Buffer.from(encodeFrame({ type: 'hello', token })).toString('base64'));
    }
  }
  return {
    urls,
    firstFrames,
    startFrames,
    pids: [...new Set(launched.map((g) => g.pid))],
    start: () => {},
    stop,
  };
}
