import type { LoginReported } from '@parlor/protocol';
import type { Queryable } from '../storage/db.js';

/** SQL for the answers to usage reports sent with an Idempotency-Key. */
export class ReportRequestsStore {
  async find(q: Queryable, keyId: string, idempotencyKey: string) {
    const rows = await q.query<{ request_hash: string; response: LoginReported }>(
      'select request_hash, response from studio_report_requests where key_id = $1 and idempotency_key = $2',
      [keyId, idempotencyKey],
    );
    return rows[0] && { requestHash: rows[0].request_hash, response: rows[0].response };
  }

  /** Throws a unique violation when a concurrent request with the same key got there first. */
  async insert(
    tx: Queryable,
    r: {
      keyId: string;
      idempotencyKey: string;
      studioId: string;
      requestHash: string;
      response: LoginReported;
    },
    now: Date,
  ): Promise<void> {
    await tx.query(
      `insert into studio_report_requests (key_id, idempotency_key, studio_id, request_hash, response, created_at)
       values ($1, $2, $3, $4, $5, $6)`,
      [r.keyId, r.idempotencyKey, r.studioId, r.requestHash, JSON.stringify(r.response), now],
    );
  }

  async purgeBefore(q: Queryable, before: Date): Promise<number> {
    return (await q.query('delete from studio_report_requests where created_at < $1 returning 1', [before]))
      .length;
  }
}
