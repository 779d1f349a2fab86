import type { Queryable } from '../storage/db.js';

export interface AuditFilter {
  /** Actor id or actor name (exact). */
  actor?: string;
  action?: string;
  /** What the entry acted on (exact): a user id, a game id, a role name. */
  target?: string;
  outcome?: 'success' | 'failure' | 'denied';
  since?: Date;
  until?: Date;
  /** Cursor: entries with an id below this (ids grow with time). */
  before?: number;
  limit: number;
}

type Row = {
  id: number;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: 'success' | 'failure' | 'denied';
  detail: Record<string, unknown> | null;
};

/** Reads the audit log, newest first, one page at a time (keyset on the id). */
export class AuditReader {
  constructor(private readonly db: Queryable) {}

  async list(f: AuditFilter) {
    const rows = await this.db.query<Row>(
      `select * from audit_log
       where ($1::text is null or actor_id = $1 or actor_name = $1)
         and ($2::text is null or action = $2)
         and ($3::text is null or outcome = $3)
         and ($4::timestamptz is null or at >= $4)
         and ($5::timestamptz is null or at < $5)
         and ($6::bigint is null or id < $6)
         and ($8::text is null or target = $8)
       order by id desc limit $7`,
      [
        f.actor ?? null,
        f.action ?? null,
        f.outcome ?? null,
        f.since ?? null,
        f.until ?? null,
        f.before ?? null,
        f.limit,
        f.target ?? null,
      ],
    );
    const entries = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
      action: r.action,
      target: r.target,
      ip: r.ip,
      outcome: r.outcome,
      detail: r.detail,
    }));
    return { entries, next: rows.length === f.limit ? (rows.at(-1)?.id ?? null) : null };
  }
}
