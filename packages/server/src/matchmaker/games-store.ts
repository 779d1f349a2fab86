import type { GameStatus } from '@parlor/protocol';
import type { Queryable } from '../storage/db.js';
import {
  type EndStatus,
  type GameHistoryEntry,
  type GameRecord,
  LIVE_STATUSES,
  type NewGame,
} from './game-record.js';

export { type EndStatus, type GameHistoryEntry, type GameRecord, LIVE_STATUSES } from './game-record.js';

const COLUMNS = `id, type, status, host_id as "hostId", max_players as "maxPlayers", difficulty,
  request_id as "requestId", reporting_token_hash as "reportingTokenHash",
  connect_key_sealed as "connectKeySealed", launcher_scope as "launcherScope",
  public_host as "publicHost", public_port as "publicPort", url,
  private_host as "privateHost", private_port as "privatePort", players_online as "playersOnline",
  created_at as "createdAt", ready_at as "readyAt", started_at as "startedAt", ended_at as "endedAt",
  last_heartbeat_at as "lastHeartbeatAt", end_reason as "endReason",
  end_code as "endCode", summary`;

const LIVE = `status in ('launching', 'waiting', 'in_progress')`;

// Any constant works; every node and every slot-changing transaction takes this one lock.
const SLOTS_LOCK = 7_271_004;

/** SQL for the games table. Status changes are conditional updates, so racing nodes agree. */
export class GamesStore {
  constructor(private readonly db: Queryable) {}

  /** Serialises every transaction that takes or counts slots, on PostgreSQL and PGlite alike. */
  async lockSlots(tx: Queryable): Promise<void> {
    await tx.query('select pg_advisory_xact_lock($1)', [SLOTS_LOCK]);
  }

  /** Live games, seats in them, and live games hosted by `hostId`. */
  async usage(tx: Queryable, hostId: string): Promise<{ games: number; players: number; hosted: number }> {
    const [row] = await tx.query<{ games: number; players: number; hosted: number }>(
      `select (select count(*)::int from games where ${LIVE}) as games,
         (select count(*)::int from game_players p join games g on g.id = p.game_id where g.${LIVE}) as players,
         (select count(*)::int from games where ${LIVE} and host_id = $1) as hosted`,
      [hostId],
    );
    return row!;
  }

  async insert(tx: Queryable, g: NewGame): Promise<void> {
    await tx.query(
      `insert into games (id, type, status, host_id, max_players, request_id, reporting_token_hash,
         passcode_hash, connect_key_sealed, launcher_scope, created_at)
       values ($1, $2, 'launching', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        g.id,
        g.type,
        g.hostId,
        g.maxPlayers,
        g.requestId,
        g.reportingTokenHash,
        g.passcodeHash,
        g.connectKeySealed,
        g.launcherScope,
        g.createdAt,
      ],
    );
  }

  async get(id: string, tx: Queryable = this.db): Promise<GameRecord | undefined> {
    const rows = await tx.query<GameRecord>(`select ${COLUMNS} from games where id = $1`, [id]);
    return rows[0];
  }

  async byRequest(tx: Queryable, hostId: string, requestId: string): Promise<GameRecord | undefined> {
    const rows = await tx.query<GameRecord>(
      `select ${COLUMNS} from games where host_id = $1 and request_id = $2`,
      [hostId, requestId],
    );
    return rows[0];
  }

  async byPasscodeHash(tx: Queryable, hash: string): Promise<GameRecord | undefined> {
    const rows = await tx.query<GameRecord>(`select ${COLUMNS} from games where passcode_hash = $1`, [hash]);
    return rows[0];
  }

  /** Where players (direct mode) and the relay reach the server; a null port is the reported one. */
  async setAddress(
    id: string,
    address: {
      publicHost: string;
      publicPort: number | null;
      privateHost: string;
      privatePort: number | null;
    },
  ): Promise<void> {
    await this.db.query(
      `update games set public_host = $2, public_port = $3, private_host = $4, private_port = $5 where id = $1`,
      [id, address.publicHost, address.publicPort, address.privateHost, address.privatePort],
    );
  }

  /** launching → waiting; false if the game was not launching. `port` is the one the server bound. */
  async markReady(id: string, url: string, port: number, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update games set status = 'waiting', url = $2, ready_at = $3, last_heartbeat_at = $3, empty_since = $3,
         private_port = coalesce(private_port, $4)
       where id = $1 and status = 'launching' returning id`,
      [id, url, now, port],
    );
    return rows.length === 1;
  }

  async recordHeartbeat(id: string, players: number, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update games set last_heartbeat_at = $3, players_online = $2,
         empty_since = case when $2 > 0 then null else coalesce(empty_since, $3) end
       where id = $1 and status in ('waiting', 'in_progress') returning id`,
      [id, players, now],
    );
    return rows.length === 1;
  }

  /** waiting → in_progress; false if the game was not waiting. */
  async markStarted(id: string, difficulty: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update games set status = 'in_progress', difficulty = $2, started_at = $3, last_heartbeat_at = $3
       where id = $1 and status = 'waiting' returning id`,
      [id, difficulty, now],
    );
    return rows.length === 1;
  }

  /**
   * A live game → `to`, destroying its secrets in the same statement. False if it was not
   * live any more (someone else ended it first), so only one caller does the clean-up.
   */
  async end(
    id: string,
    change: {
      to: EndStatus;
      reason: string;
      now: Date;
      summary?: string | null;
      from?: readonly GameStatus[];
      code?: string | null;
    },
    tx: Queryable = this.db,
  ): Promise<boolean> {
    const rows = await tx.query(
      `update games set status = $2, end_reason = $3, ended_at = $4, summary = $5, players_online = 0,
         end_code = $7, reporting_token_hash = null, passcode_hash = null, connect_key_sealed = null
       where id = $1 and status = any($6::text[]) returning id`,
      [
        id,
        change.to,
        change.reason,
        change.now,
        change.summary ?? null,
        change.from ?? LIVE_STATUSES,
        change.code ?? null,
      ],
    );
    return rows.length === 1;
  }

  /** Live games overdue for a rule; the monitor ends them. */
  async overdue(cutoffs: { heartbeat: Date; launch: Date; idle: Date }) {
    return this.db.query<{ id: string; why: 'heartbeat' | 'launch' | 'idle' }>(
      `select id, case
           when status = 'launching' then 'launch'
           when last_heartbeat_at < $1 then 'heartbeat'
           else 'idle' end as why
       from games
       where (status = 'launching' and created_at < $2)
          or (status in ('waiting', 'in_progress') and (last_heartbeat_at < $1 or empty_since < $3))`,
      [cutoffs.heartbeat, cutoffs.launch, cutoffs.idle],
    );
  }

  async liveInScope(scope: string): Promise<GameRecord[]> {
    return this.db.query<GameRecord>(`select ${COLUMNS} from games where ${LIVE} and launcher_scope = $1`, [
      scope,
    ]);
  }

  /** Games `userId` has a seat in, or every game when `userId` is undefined; newest first. */
  async list(userId: string | undefined, limit: number): Promise<GameRecord[]> {
    return userId
      ? this.db.query<GameRecord>(
          `select ${COLUMNS} from games where id in (select game_id from game_players where user_id = $1)
           order by created_at desc limit $2`,
          [userId, limit],
        )
      : this.db.query<GameRecord>(`select ${COLUMNS} from games order by created_at desc limit $1`, [limit]);
  }

  /** The latest games of one type, newest first, with how many seats each had. */
  async recentOfType(type: string, limit: number): Promise<GameHistoryEntry[]> {
    return this.db.query<GameHistoryEntry>(
      `select id, status, created_at as "createdAt", started_at as "startedAt", ended_at as "endedAt",
         end_reason as "endReason", end_code as "endCode",
         (select count(*)::int from game_players p where p.game_id = games.id) as seats
       from games where type = $1 order by created_at desc limit $2`,
      [type, limit],
    );
  }

  /** Live games of any of these types (a studio's, before it may be deleted). */
  async countLiveOfTypes(types: readonly string[]): Promise<number> {
    if (types.length === 0) return 0;
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from games where ${LIVE} and type = any($1::text[])`,
      [types],
    );
    return rows[0]?.n ?? 0;
  }
}
