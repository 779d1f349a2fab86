import type { GameOption } from '@parlor/protocol';
import type { Queryable } from '../storage/db.js';

export interface MinigameRecord {
  id: string;
  studioId: string;
  name: string;
  minPlayers: number;
  maxPlayers: number;
  difficulties: string[];
  options: GameOption[] | null;
  plays: number;
  /** Its own front end's SHA-256 (hex), when it has one. */
  frontend: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Row = {
  id: string;
  studio_id: string;
  name: string;
  min_players: number;
  max_players: number;
  difficulties: string[];
  options: GameOption[] | null;
  plays: number;
  frontend: string | null;
  created_at: Date;
  updated_at: Date;
};

const toMinigame = (r: Row): MinigameRecord => ({
  id: r.id,
  studioId: r.studio_id,
  name: r.name,
  minPlayers: r.min_players,
  maxPlayers: r.max_players,
  difficulties: r.difficulties,
  options: r.options,
  plays: r.plays,
  frontend: r.frontend,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A mini-game beside its front end's version (the same feature's table). */
const SELECT = `select m.*, f.sha256 as frontend from minigames m
  left join minigame_frontends f on f.minigame_id = m.id`;

export type MinigameFields = Pick<
  MinigameRecord,
  'name' | 'minPlayers' | 'maxPlayers' | 'difficulties' | 'options'
>;

/** SQL for the minigames table. Methods take the Queryable to run on, so services compose transactions. */
export class MinigamesStore {
  /** False when the id is taken (by any studio). */
  async insert(
    q: Queryable,
    m: MinigameFields & { id: string; studioId: string; now: Date },
  ): Promise<boolean> {
    const rows = await q.query(
      `insert into minigames (id, studio_id, name, min_players, max_players, difficulties, options,
         created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $8) on conflict (id) do nothing returning id`,
      [
        m.id,
        m.studioId,
        m.name,
        m.minPlayers,
        m.maxPlayers,
        JSON.stringify(m.difficulties),
        m.options ? JSON.stringify(m.options) : null,
        m.now,
      ],
    );
    return rows.length === 1;
  }

  async get(q: Queryable, id: string): Promise<MinigameRecord | undefined> {
    const rows = await q.query<Row>(`${SELECT} where m.id = $1`, [id]);
    return rows[0] && toMinigame(rows[0]);
  }

  async list(q: Queryable): Promise<MinigameRecord[]> {
    return (await q.query<Row>(`${SELECT} order by m.created_at, m.id`)).map(toMinigame);
  }

  async listByStudio(q: Queryable, studioId: string): Promise<MinigameRecord[]> {
    const rows = await q.query<Row>(`${SELECT} where m.studio_id = $1 order by m.created_at, m.id`, [
      studioId,
    ]);
    return rows.map(toMinigame);
  }

  async countByStudio(q: Queryable, studioId: string): Promise<number> {
    const rows = await q.query<{ n: number }>(
      'select count(*)::int as n from minigames where studio_id = $1',
      [studioId],
    );
    return rows[0]?.n ?? 0;
  }

  async update(q: Queryable, id: string, m: MinigameFields, now: Date): Promise<void> {
    await q.query(
      `update minigames set name = $2, min_players = $3, max_players = $4, difficulties = $5,
         options = $6, updated_at = $7 where id = $1`,
      [
        id,
        m.name,
        m.minPlayers,
        m.maxPlayers,
        JSON.stringify(m.difficulties),
        m.options ? JSON.stringify(m.options) : null,
        now,
      ],
    );
  }

  /** A game of it finished with results. */
  async addPlay(q: Queryable, id: string): Promise<void> {
    await q.query('update minigames set plays = plays + 1 where id = $1', [id]);
  }

  async delete(q: Queryable, id: string): Promise<void> {
    await q.query('delete from minigames where id = $1', [id]);
  }
}
