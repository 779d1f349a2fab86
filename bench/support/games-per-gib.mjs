// Games per GiB: launch N idle built-in games (waiting for players) through a real launcher,
// each reporting ready to the accept-all stub of raw-launch.mjs, then sum the game-server
// processes' memory from /proc: RSS, PSS (shared pages split between the processes that map
// them) and private pages. Games per GiB is computed from PSS, the fair share of each process.
import { randomBytes, randomUUID } from 'node:crypto';
import { within } from './allocations.mjs';
import { memoryOf } from './process-memory.mjs';

export async function measureGamesPerGiB({ launcher, stub, games, timeoutMs }) {
  const launched = [];
  try {
    for (let i = 0; i < games; i++) {
      const gameId = randomUUID();
      const ready = stub.readyOf(gameId);
      const server = await launcher.launch({
        gameId,
        gameType: 'gem-rush',
        maxPlayers: 8,
        heartbeatIntervalMs: 5_000,
        controlUrl: stub.url,
        secrets: { connectKey: randomBytes(32), reportingToken: randomBytes(32).toString('base64url') },
      });
      await within(ready, timeoutMs, 'game server ready');
      launched.push(server.ref);
    }
    // Let start-up garbage be collected and timers settle before reading.
    await new Promise((r) => setTimeout(r, 3_000));
    const pids = [...new Set(launched)];
    const sum = { rss: 0, pss: 0, private: 0 };
    for (const pid of pids) for (const [k, v] of Object.entries(memoryOf(Number(pid)))) sum[k] += v;
    const perGame = (kib) => kib / 1024 / games;
    return {
      games,
      processes: pids.length,
      rssMiB: perGame(sum.rss),
      pssMiB: perGame(sum.pss),
      privateMiB: perGame(sum.private),
      gamesPerGiB: (1024 * 1024 * games) / sum.pss,
    };
  } finally {
    await launcher.close();
  }
}
