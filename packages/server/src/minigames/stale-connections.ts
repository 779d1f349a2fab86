import type { Clock } from '../platform/clock.js';
import type { Db } from '../storage/db.js';
import type { ConnectionsStore } from './connections-store.js';

export interface StaleConnectionsDeps {
  db: Db;
  connections: ConnectionsStore;
  clock: Clock;
  /** The connection ids of the mini-game's servers that presence holds on a live node. */
  liveIds(minigameId: string): Promise<Set<string>>;
  /** Whether this very node holds the connection (its sockets are the truth). */
  holdsHere(connectionId: string): boolean;
}

// A record is written just before its connection enters presence: a young one is left alone.
const SETTLE_MS = 15_000;
const PER_PASS = 500;
export const STALE_END_REASON = 'the Parlor node that held it stopped answering';

/**
 * Ends the records of connections that no live node holds: a killed node never wrote their end,
 * and the studio's view would show them open forever. A sweep task on every node; ending is
 * idempotent, so two nodes sweeping the same record do no harm.
 */
export async function endStaleConnections(deps: StaleConnectionsDeps): Promise<number> {
  const now = deps.clock.now();
  const open = await deps.connections.openBefore(deps.db, new Date(now.getTime() - SETTLE_MS), PER_PASS);
  const live = new Map<string, Set<string>>();
  let ended = 0;
  for (const c of open) {
    if (deps.holdsHere(c.id)) continue;
    let ids = live.get(c.minigameId);
    if (!ids) live.set(c.minigameId, (ids = await deps.liveIds(c.minigameId)));
    if (ids.has(c.id)) continue;
    await deps.connections.end(deps.db, c.id, STALE_END_REASON, now);
    ended += 1;
  }
  return ended;
}
