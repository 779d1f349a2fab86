/**
 * The storage port. Both drivers speak PostgreSQL's dialect with `$1` placeholders, so
 * stores hold plain SQL that runs unchanged on PGlite and on PostgreSQL.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A parameterised statement, for composing writes into one statement (see AuditLog.recordWith). */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Throws when the database cannot answer; used by /readyz. */
  ping(): Promise<void>;
  /**
   * Upkeep the engine does not do by itself, run by the housekeeping sweep; returns how many
   * things it handled. PGlite has no autovacuum, so its driver vacuums; PostgreSQL needs none.
   */
  maintain?(): Promise<number>;
  close(): Promise<void>;
}

/** The error a driver raises when the database is unreachable; mapped to 503 by the HTTP layer. */
export class StorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super('storage is unavailable', { cause });
  }
}

/** SQL texts a driver keeps prepared; the stores' SQL is a fixed set far smaller than this. */
export const PREPARED_TEXTS_KEPT = 512;

/** PostgreSQL's SQLSTATE for unique_violation, the same from both drivers. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === UNIQUE_VIOLATION;
}

/**
 * PostgreSQL's "cached plan must not change result type": a prepared statement's tables
 * changed shape since it was prepared. Both drivers then prepare the statement anew.
 */
export function isPlanChanged(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: string; message?: string };
  return code === '0A000' && /cached plan/.test(message ?? '');
}
