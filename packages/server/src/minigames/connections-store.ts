import type { Queryable } from '../storage/db.js';

export interface ConnectionRecord {
  id: string;
  minigameId: string;
  keyId: string;
  nodeId: string;
  address: string;
  protocolVersion: number;
  connectedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

type Row = {
  id: string;
  minigame_id: string;
  key_id: string;
  node_id: string;
  address: string;
  protocol_version: number;
  connected_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
};

const toConnection = (r: Row): ConnectionRecord => ({
  id: r.id,
  minigameId: r.minigame_id,
  keyId: r.key_id,
  nodeId: r.node_id,
  address: r.address,
  protocolVersion: r.protocol_version,
  connectedAt: r.connected_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

// Enough history for an owner to see the recent ones; older rows are purged by the sweeper.
const SHOWN_PER_MINIGAME = 20;

/** SQL for minigame_connections: one row per connection of a mini-game's server. */
export class ConnectionsStore {
  async open(q: Queryable, c: Omit<ConnectionRecord, 'endedAt' | 'endReason'>): Promise<void> {
    await q.query(
      `insert into minigame_connections (id, minigame_id, key_id, node_id, address, protocol_version,
         connected_at) values ($1, $2, $3, $4, $5, $6, $7)`,
      [c.id, c.minigameId, c.keyId, c.nodeId, c.address, c.protocolVersion, c.connectedAt],
    );
  }

  async end(q: Queryable, id: string, reason: string, at: Date): Promise<void> {
    await q.query(
      'update minigame_connections set ended_at = $2, end_reason = $3 where id = $1 and ended_at is null',
      [id, at, reason],
    );
  }

  /** Open ones first, then the latest ended ones, for each of the given mini-games. */
  async recent(q: Queryable, minigameIds: readonly string[]): Promise<ConnectionRecord[]> {
    if (minigameIds.length === 0) return [];
    const rows = await q.query<Row>(
      `select * from (
         select c.*, row_number() over (partition by minigame_id
           order by (ended_at is null) desc, connected_at desc) as n
         from minigame_connections c where minigame_id = any($1::text[])
       ) ranked where n <= $2 order by (ended_at is null) desc, connected_at desc`,
      [minigameIds, SHOWN_PER_MINIGAME],
    );
    return rows.map(toConnection);
  }

  /** Records with no end that opened before `before`, oldest first, at most `limit`. */
  async openBefore(q: Queryable, before: Date, limit: number): Promise<ConnectionRecord[]> {
    const rows = await q.query<Row>(
      `select * from minigame_connections where ended_at is null and connected_at < $1
         order by connected_at limit $2`,
      [before, limit],
    );
    return rows.map(toConnection);
  }

  async purgeEndedBefore(q: Queryable, before: Date): Promise<number> {
    const rows = await q.query('delete from minigame_connections where ended_at < $1 returning id', [before]);
    return rows.length;
  }
}
