import type { Actor } from '../access/principal.js';
import type { Clock } from '../platform/clock.js';
import type { Queryable, SqlStatement } from '../storage/db.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  actorKind: 'user' | 'apiKey' | 'anonymous' | 'system' | 'gameServer';
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  target?: string | null;
  ip?: string | null;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
}

// Control characters (newlines included) are what log injection needs; they never belong in
// these fields, so they are replaced rather than escaped.
const clean = (value: string | null | undefined, max = 256): string | null =>
  value == null ? null : value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD').slice(0, max);

const COLUMNS = '(at, actor_kind, actor_id, actor_name, action, target, ip, outcome, detail)';
const placeholders = (after: number) =>
  `(${Array.from({ length: 9 }, (_, i) => `$${after + i + 1}`).join(', ')})`;
const INSERT = `insert into audit_log ${COLUMNS} values ${placeholders(0)}`;

/** The append-only audit log. Nothing here updates or deletes a row except retention. */
export class AuditLog {
  /** recordWith's SQL by the write it wraps: built once per kind of write, not per entry. */
  private readonly combined = new Map<string, string>();

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.query(INSERT, this.row(entry));
  }

  /**
   * Records `entry` in the same statement as `write` (an insert or update without `returning`):
   * both happen or neither, in one round trip and one commit.
   */
  async recordWith(write: SqlStatement, entry: AuditEntry): Promise<void> {
    let sql = this.combined.get(write.sql);
    if (sql === undefined) {
      sql = `with write as (${write.sql}) insert into audit_log ${COLUMNS} values ${placeholders(write.params.length)}`;
      // The writes are the stores' fixed statements; the bound keeps a misuse from growing it.
      if (this.combined.size < 64) this.combined.set(write.sql, sql);
    }
    await this.db.query(sql, [...write.params, ...this.row(entry)]);
  }

  private row(entry: AuditEntry): unknown[] {
    return [
      this.clock.now(),
      entry.actorKind,
      clean(entry.actorId),
      clean(entry.actorName),
      clean(entry.action, 64),
      clean(entry.target),
      clean(entry.ip, 64),
      entry.outcome,
      entry.detail ? JSON.stringify(entry.detail) : null,
    ];
  }

  /** Records what a signed-in person did (the common case). */
  recordUserAction(
    actor: Actor,
    action: string,
    target: string | null,
    outcome: AuditOutcome,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    return this.record({
      actorKind: 'user',
      actorId: actor.userId,
      actorName: actor.username,
      action,
      target,
      ip: actor.ip,
      outcome,
      detail,
    });
  }

  /** Deletes entries older than the retention period; returns how many went. */
  async purgeOlderThan(days: number): Promise<number> {
    const cutoff = new Date(this.clock.nowMs() - days * 86_400_000);
    const rows = await this.db.query('delete from audit_log where at < $1 returning id', [cutoff]);
    return rows.length;
  }
}
