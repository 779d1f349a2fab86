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

/**
 * Reads the matchmaker's `game_players(game_id, user_id, role)` table when it exists; until the
 * matchmaker's migration has run nobody is a member of any game. The table's existence is looked
 * up per call (one catalogue lookup) so a node notices a migration applied by another node.
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
    if (!(await this.tableExists())) return [];
    const rows = await this.db.query<{ user_id: string }>(
      'select user_id from game_players where game_id = $1',
      [gameId],
    );
    return rows.map((r) => r.user_id);
  }

  private async role(gameId: string, userId: string): Promise<string | undefined> {
    if (!(await this.tableExists())) return undefined;
    const rows = await this.db.query<{ role: string | null }>(
      'select role from game_players where game_id = $1 and user_id = $2',
      [gameId, userId],
    );
    return rows[0] ? (rows[0].role ?? 'player') : undefined;
  }

  private async tableExists(): Promise<boolean> {
    const rows = await this.db.query<{ t: string | null }>(`select to_regclass('game_players')::text as t`);
    return rows[0]?.t != null;
  }
}
