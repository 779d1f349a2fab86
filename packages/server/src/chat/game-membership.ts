import type { Queryable } from '../storage/db.js';

/**
 * Who belongs to a game, as chat needs to know it. The matchmaker owns games; this port keeps
 * chat from reaching into its tables, so it can hand in its own implementation later.
 */
export interface GameMembership {
  isMember(gameId: string, userId: string): Promise<boolean>;
  /** May change the game channel's settings (its host). */
  isHost(gameId: string, userId: string): Promise<boolean>;
  members(gameId: string): Promise<string[]>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the matchmaker's seats (`game_players`). A game id that is not a UUID names no game, and
 * is answered without a query (the column is uuid-typed, so the query would fail).
 */
export class GamePlayersTableMembership implements GameMembership {
  constructor(private readonly db: Queryable) {}

  async isMember(gameId: string, userId: string): Promise<boolean> {
    return (await this.role(gameId, userId)) !== undefined;
  }

  async isHost(gameId: string, userId: string): Promise<boolean> {
    return (await this.role(gameId, userId)) === 'host';
  }

  async members(gameId: string): Promise<string[]> {
    if (!UUID.test(gameId)) return [];
    const rows = await this.db.query<{ user_id: string }>(
      'select user_id from game_players where game_id = $1',
      [gameId],
    );
    return rows.map((r) => r.user_id);
  }

  private async role(gameId: string, userId: string): Promise<string | undefined> {
    if (!UUID.test(gameId) || !UUID.test(userId)) return undefined;
    const rows = await this.db.query<{ role: string }>(
      'select role from game_players where game_id = $1 and user_id = $2',
      [gameId, userId],
    );
    return rows[0]?.role;
  }
}
