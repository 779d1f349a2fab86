import type { Queryable } from '../storage/db.js';

export interface FrontendRecord {
  minigameId: string;
  html: string;
  sha256: string;
  updatedAt: Date;
}

/** SQL for minigame_frontends: one uploaded HTML document per mini-game. */
export class FrontendsStore {
  async put(q: Queryable, f: FrontendRecord): Promise<void> {
    await q.query(
      `insert into minigame_frontends (minigame_id, html, sha256, updated_at) values ($1, $2, $3, $4)
       on conflict (minigame_id) do update set html = $2, sha256 = $3, updated_at = $4`,
      [f.minigameId, f.html, f.sha256, f.updatedAt],
    );
  }

  async get(q: Queryable, minigameId: string): Promise<FrontendRecord | undefined> {
    const rows = await q.query<{ minigame_id: string; html: string; sha256: string; updated_at: Date }>(
      'select * from minigame_frontends where minigame_id = $1',
      [minigameId],
    );
    const r = rows[0];
    return r && { minigameId: r.minigame_id, html: r.html, sha256: r.sha256, updatedAt: r.updated_at };
  }

  /** False when it had none. */
  async delete(q: Queryable, minigameId: string): Promise<boolean> {
    const rows = await q.query(
      'delete from minigame_frontends where minigame_id = $1 returning minigame_id',
      [minigameId],
    );
    return rows.length === 1;
  }
}
