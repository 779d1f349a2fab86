import type { Queryable } from '../storage/db.js';

export interface SeatRecord {
  gameId: string;
  userId: string;
  playerId: string;
  displayName: string;
  role: 'host' | 'player';
  joinedAt: Date;
  score: number | null;
  rank: number | null;
}

const COLUMNS = `p.game_id as "gameId", p.user_id as "userId", p.player_id as "playerId",
  p.display_name as "displayName", p.role, p.joined_at as "joinedAt", r.score, r.rank`;
const FROM = 'game_players p left join game_results r on r.game_id = p.game_id and r.user_id = p.user_id';

/** SQL for the seats in games (game_players) and their final results (game_results). */
export class SeatsStore {
  constructor(private readonly db: Queryable) {}

  async add(tx: Queryable, seat: Omit<SeatRecord, 'score' | 'rank'>): Promise<void> {
    await tx.query(
      `insert into game_players (game_id, user_id, player_id, display_name, role, joined_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [seat.gameId, seat.userId, seat.playerId, seat.displayName, seat.role, seat.joinedAt],
    );
  }

  async count(tx: Queryable, gameId: string): Promise<number> {
    const [row] = await tx.query<{ n: number }>(
      'select count(*)::int as n from game_players where game_id = $1',
      [gameId],
    );
    return row?.n ?? 0;
  }

  async of(gameId: string, userId: string, tx: Queryable = this.db): Promise<SeatRecord | undefined> {
    const rows = await tx.query<SeatRecord>(
      `select ${COLUMNS} from ${FROM} where p.game_id = $1 and p.user_id = $2`,
      [gameId, userId],
    );
    return rows[0];
  }

  async list(gameId: string): Promise<SeatRecord[]> {
    return this.db.query<SeatRecord>(
      `select ${COLUMNS} from ${FROM} where p.game_id = $1 order by p.joined_at, p.role`,
      [gameId],
    );
  }

  /** Stores the results of the players the game reported by their per-game ids; others are ignored. */
  async recordResults(
    tx: Queryable,
    gameId: string,
    results: readonly { playerId: string; score: number; rank: number }[],
  ): Promise<number> {
    let stored = 0;
    for (const r of results) {
      const rows = await tx.query(
        `insert into game_results (game_id, user_id, score, rank)
         select game_id, user_id, $3, $4 from game_players where game_id = $1 and player_id = $2
         on conflict (game_id, user_id) do nothing returning user_id`,
        [gameId, r.playerId, r.score, r.rank],
      );
      stored += rows.length;
    }
    return stored;
  }

  /**
   * Makes the seat with this per-game player id the host and every other seat a player, in one
   * statement. False (nothing changed) when the game has no such player.
   */
  async setHost(gameId: string, playerId: string): Promise<boolean> {
    const rows = await this.db.query(
      `update game_players set role = case when player_id = $2 then 'host' else 'player' end
       where game_id = $1 and exists (select 1 from game_players where game_id = $1 and player_id = $2)
       returning user_id`,
      [gameId, playerId],
    );
    return rows.length > 0;
  }

  /** The user's seats in games that are not over: where their players must be put out. */
  async liveOf(userId: string): Promise<{ gameId: string; playerId: string }[]> {
    return this.db.query<{ gameId: string; playerId: string }>(
      `select p.game_id as "gameId", p.player_id as "playerId"
       from game_players p join games g on g.id = p.game_id
       where p.user_id = $1 and g.status in ('launching', 'waiting', 'in_progress')`,
      [userId],
    );
  }
}
