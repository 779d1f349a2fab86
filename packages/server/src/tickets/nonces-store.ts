import type { Queryable } from '../storage/db.js';

/** SQL for single use of join tickets: a nonce is kept until its ticket would have expired. */
export class NoncesStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Records a nonce as used; false if it already was. One statement, so two servers racing
   * with the same ticket cannot both win.
   */
  async consume(nonce: string, expiresAt: Date): Promise<boolean> {
    const rows = await this.db.query(
      'insert into used_ticket_nonces (nonce, expires_at) values ($1, $2) on conflict (nonce) do nothing returning nonce',
      [nonce, expiresAt],
    );
    return rows.length === 1;
  }

  /**
   * Forgets nonces whose tickets expired before `cutoff`: those tickets are refused as expired
   * anyway. Callers keep a margin for clock skew between nodes.
   */
  async purgeExpiredBefore(cutoff: Date): Promise<number> {
    const rows = await this.db.query('delete from used_ticket_nonces where expires_at < $1 returning nonce', [
      cutoff,
    ]);
    return rows.length;
  }
}
