// The many-games section of bench:compare: G games × 8 players of the same workload on Parlor
// with a game-server process per game, Parlor pooled (the real pooled runtime, N rooms a
// process) and Colyseus 0.18 (every room in one process). A process per game costs about
// 30 MiB private memory each, so the count is lowered, with the reason printed, when the
// machine's available memory would not hold it.
import { readFileSync } from 'node:fs';
import { MANY_KINDS, manyLabel } from './report.mjs';
import { manyFailures, measureMany } from './run-many.mjs';

export const PLAYERS_PER_GAME = 8;
// A game-server process with its 8 players: ~30 MiB private (bench:memory) plus sockets, state
// and the client process's share, rounded up.
const MIB_PER_PROCESS_GAME = 40;
// Of what the kernel says is available, leave half to everyone else on this machine.
const SHARE_OF_AVAILABLE = 0.5;

const availableMiB = () =>
  Number(/^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024;

/** The games to run: `asked`, or fewer (and why) if a process per game would not fit. */
export function gamesThatFit(asked) {
  const available = availableMiB();
  const fit = Math.floor((available * SHARE_OF_AVAILABLE) / MIB_PER_PROCESS_GAME);
  const needs = `${asked} game-server processes need about ${asked * MIB_PER_PROCESS_GAME} MiB`;
  if (asked <= fit) return { games: asked, memory: `${needs}; ${Math.round(available)} MiB available` };
  return {
    games: Math.max(1, fit),
    memory: `${needs}, more than half of the ${Math.round(available)} MiB available: lowered to ${Math.max(1, fit)} games`,
  };
}

/** What one run measured; for a run that failed the checks, its reason first (not tabled). */
function progressLine(r) {
  const up = r.startMs ? `servers up in ${(r.startMs / 1000).toFixed(1)} s; ` : '';
  if (!Number.isFinite(r.rssMiB)) return `${up}FAILED: ${r.failed}`;
  const figures =
    `${r.processes} processes, ${r.cpuUsPerDelivery.toFixed(1)} µs per delivery, ` +
    `RSS ${r.rssMiB.toFixed(0)} MiB, PSS ${r.pssMiB.toFixed(0)} MiB, ` +
    `cores busy: servers ${r.serverCores.toFixed(2)}, clients ${r.clientCores.toFixed(2)}`;
  if (r.failed) return `${up}FAILED: ${r.failed} (${figures}, ${r.updateHz.toFixed(1)} Hz)`;
  return `${up}${figures}, jitter p99 ${r.jitterP99Ms.toFixed(1)} ms`;
}

export async function runManyGames({ asked, poolRooms, hz, windowMs, warmMs }) {
  const { games, memory } = gamesThatFit(asked);
  console.log(`${asked} games × ${PLAYERS_PER_GAME} players: ${memory}`);
  const results = [];
  for (const kind of MANY_KINDS) {
    process.stdout.write(`  ${games} × ${PLAYERS_PER_GAME}, ${manyLabel(kind, poolRooms)}… `);
    let r;
    try {
      r = await measureMany({ kind, games, players: PLAYERS_PER_GAME, hz, windowMs, warmMs, poolRooms });
      const why = manyFailures(r, hz);
      if (why.length) r.failed = why.join('; ');
    } catch (err) {
      r = {
        kind,
        games,
        players: PLAYERS_PER_GAME,
        failed: err instanceof Error ? err.message : String(err),
      };
    }
    console.log(progressLine(r));
    results.push(r);
  }
  return { games, memory, results };
}
