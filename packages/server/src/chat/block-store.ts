import type { Queryable } from '../storage/db.js';
import { isForeignKeyViolation } from './sql-errors.js';

export interface BlockRecord {
  userId: string;
  username: string;
  createdAt: Date;
}

/** SQL for blocks: `blocker` no longer hears from `blocked`. */
export class BlockStore {
  constructor(private readonly db: Queryable) {}

  /** False when the blocked user does not exist. */
  async add(blocker: string, blocked: string, now: Date): Promise<boolean> {
    try {
      await this.db.query(
        `insert into chat_blocks (blocker_id, blocked_id, created_at) values ($1, $2, $3)
         on conflict do nothing`,
        [blocker, blocked, now],
      );
      return true;
    } catch (err) {
      if (isForeignKeyViolation(err)) return false;
      throw err;
    }
  }

  async remove(blocker: string, blocked: string): Promise<boolean> {
    const rows = await this.db.query(
      'delete from chat_blocks where blocker_id = $1 and blocked_id = $2 returning blocked_id',
      [blocker, blocked],
    );
    return rows.length === 1;
  }

  async list(blocker: string): Promise<BlockRecord[]> {
    const rows = await this.db.query<{ blocked_id: string; username: string; created_at: Date }>(
      `select b.blocked_id, u.username, b.created_at from chat_blocks b join users u on u.id = b.blocked_id
       where b.blocker_id = $1 order by b.created_at`,
      [blocker],
    );
    return rows.map((r) => ({ userId: r.blocked_id, username: r.username, createdAt: r.created_at }));
  }

  /** Whom `blocker` has blocked. */
  async blockedBy(blocker: string): Promise<string[]> {
    const rows = await this.db.query<{ blocked_id: string }>(
      'select blocked_id from chat_blocks where blocker_id = $1',
      [blocker],
    );
    return rows.map((r) => r.blocked_id);
  }

  /** Which of `users` have blocked `viewer`. */
  async whoBlocked(viewer: string, users: readonly string[]): Promise<Set<string>> {
    if (users.length === 0) return new Set();
    const rows = await this.db.query<{ blocker_id: string }>(
      'select blocker_id from chat_blocks where blocked_id = $1 and blocker_id = any($2::uuid[])',
      [viewer, users],
    );
    return new Set(rows.map((r) => r.blocker_id));
  }

  async eitherBlocks(a: string, b: string): Promise<boolean> {
    const rows = await this.db.query(
      `select 1 from chat_blocks where (blocker_id = $1 and blocked_id = $2) or (blocker_id = $2 and blocked_id = $1)`,
      [a, b],
    );
    return rows.length > 0;
  }

  async userExists(id: string): Promise<boolean> {
    return (await this.db.query('select 1 from users where id = $1', [id])).length > 0;
  }
}
