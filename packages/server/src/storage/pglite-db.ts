import { PGlite, types } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.js';

// int8 columns (sequence numbers, counters) are read as JS numbers on both drivers.
const parsers = { [types.INT8]: (value: string) => Number(value) };

function wrap(conn: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await conn.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
  };
}

/** Embedded PostgreSQL (WASM) in a folder on disk, or in memory when `dataDir` is undefined. */
export class PgliteDb implements Db {
  readonly driver = 'pglite' as const;
  private readonly queries: Queryable;

  private constructor(private readonly pg: PGlite) {
    this.queries = wrap(pg);
  }

  static async open(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PgliteDb> {
    const pg = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers });
    return new PgliteDb(pg);
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.queries.query<Row>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.queries.exec(sql);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) => work(wrap(tx)));
  }

  async ping(): Promise<void> {
    await this.pg.query('select 1');
  }

  /** A snapshot of the whole database, used to clone a migrated template in tests. */
  dump(): Promise<Blob> {
    return this.pg.dumpDataDir('none') as Promise<Blob>;
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
