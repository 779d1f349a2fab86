import type { Queryable } from '../storage/db.js';

/** The one row of the first-admin bootstrap: the hash of the open one-time code, and when it was spent. */
export class BootstrapStore {
  constructor(private readonly db: Queryable) {}

  /** True once the first admin has been created. */
  async used(): Promise<boolean> {
    const rows = await this.db.query<{ used_at: Date | null }>('select used_at from bootstrap where id = 1');
    return Boolean(rows[0]?.used_at);
  }

  /** Offers a new code in place of any earlier one, unless the bootstrap has been done. */
  async offer(codeHash: string, now: Date): Promise<void> {
    await this.db.query(
      `insert into bootstrap (id, code_hash, created_at) values (1, $1, $2)
       on conflict (id) do update set code_hash = excluded.code_hash, created_at = excluded.created_at where bootstrap.used_at is null`,
      [codeHash, now],
    );
  }

  /** The hash of the code that may still be spent, if any. */
  async openCodeHash(): Promise<string | undefined> {
    const rows = await this.db.query<{ code_hash: string }>(
      'select code_hash from bootstrap where id = 1 and used_at is null',
    );
    return rows[0]?.code_hash;
  }

  /** Spends the code with this hash; false when another request spent it first. */
  async claim(codeHash: string, now: Date): Promise<boolean> {
    const claimed = await this.db.query(
      'update bootstrap set used_at = $1 where id = 1 and used_at is null and code_hash = $2 returning id',
      [now, codeHash],
    );
    return claimed.length === 1;
  }

  /** Makes a claimed code spendable again (the account it was spent on could not be made). */
  async reopen(): Promise<void> {
    await this.db.query('update bootstrap set used_at = null where id = 1');
  }
}
