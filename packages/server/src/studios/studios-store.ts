import type { Queryable } from '../storage/db.js';

export interface StudioRecord {
  id: string;
  name: string;
  plan: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Row = {
  id: string;
  name: string;
  plan: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

const toStudio = (r: Row): StudioRecord => ({
  id: r.id,
  name: r.name,
  plan: r.plan,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** SQL for the studios table. Methods take the Queryable to run on, so services compose transactions. */
export class StudiosStore {
  async insert(q: Queryable, s: Omit<StudioRecord, 'updatedAt'>): Promise<void> {
    await q.query(
      `insert into studios (id, name, plan, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $5)`,
      [s.id, s.name, s.plan, s.createdBy, s.createdAt],
    );
  }

  async get(q: Queryable, id: string): Promise<StudioRecord | undefined> {
    const rows = await q.query<Row>('select * from studios where id = $1', [id]);
    return rows[0] && toStudio(rows[0]);
  }

  /**
   * Reads the studio and holds its row lock until the transaction ends: every change of its
   * seats (a new player, a plan change, owners, deletion) takes this lock first, so they
   * happen one at a time per studio and always in the same order (studio, then players).
   */
  async lock(tx: Queryable, id: string): Promise<StudioRecord | undefined> {
    const rows = await tx.query<Row>('select * from studios where id = $1 for update', [id]);
    return rows[0] && toStudio(rows[0]);
  }

  async byIds(q: Queryable, ids: readonly string[]): Promise<StudioRecord[]> {
    if (ids.length === 0) return [];
    const rows = await q.query<Row>(
      'select * from studios where id = any($1::uuid[]) order by created_at, id',
      [ids],
    );
    return rows.map(toStudio);
  }

  async list(q: Queryable, limit = 1000): Promise<StudioRecord[]> {
    const rows = await q.query<Row>('select * from studios order by created_at, id limit $1', [limit]);
    return rows.map(toStudio);
  }

  async rename(q: Queryable, id: string, name: string, now: Date): Promise<boolean> {
    const rows = await q.query('update studios set name = $2, updated_at = $3 where id = $1 returning id', [
      id,
      name,
      now,
    ]);
    return rows.length === 1;
  }

  async setPlan(tx: Queryable, id: string, plan: string, now: Date): Promise<void> {
    await tx.query('update studios set plan = $2, updated_at = $3 where id = $1', [id, plan, now]);
  }

  async delete(tx: Queryable, id: string): Promise<boolean> {
    return (await tx.query('delete from studios where id = $1 returning id', [id])).length === 1;
  }
}
