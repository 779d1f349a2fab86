import pg from 'pg';
import {
  type Db,
  isPlanChanged,
  PREPARED_TEXTS_KEPT,
  type Queryable,
  StorageUnavailableError,
} from './db.js';

const INT8 = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
  '53300',
]);

function translate(err: unknown): unknown {
  const code = (err as { code?: string })?.code;
  const message = (err as Error)?.message ?? '';
  if (
    (code && CONNECTION_ERRORS.has(code)) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(message)
  ) {
    return new StorageUnavailableError(err);
  }
  return err;
}

/**
 * A name per SQL text, so each connection parses and plans a statement once and afterwards
 * only binds and runs it. The stores' SQL is a fixed set of texts; past `capacity`, new texts
 * run unnamed, so SQL built on the fly cannot grow the connections' caches without bound.
 */
class StatementNames {
  private readonly names = new Map<string, string>();
  private next = 0;

  constructor(private readonly capacity = PREPARED_TEXTS_KEPT) {}

  nameFor(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < this.capacity) {
      name = this.fresh();
      this.names.set(sql, name);
    }
    return name;
  }

  /** A new name for `sql`, after its tables changed shape: every connection prepares it anew. */
  renew(sql: string): void {
    if (this.names.has(sql)) this.names.set(sql, this.fresh());
  }

  private fresh(): string {
    return `parlor_${this.next++}`;
  }
}

function wrap(client: pg.Pool | pg.PoolClient, names: StatementNames): Queryable {
  const run = async <Row>(sql: string, params: readonly unknown[]) => {
    const result = await client.query({ name: names.nameFor(sql), text: sql, values: params as unknown[] });
    return result.rows as Row[];
  };
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      try {
        return await run<Row>(sql, params);
      } catch (err) {
        if (!isPlanChanged(err)) throw translate(err);
        names.renew(sql);
        return run<Row>(sql, params).catch((again: unknown) => Promise.reject(translate(again)));
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (err) {
        throw translate(err);
      }
    },
  };
}

/** PostgreSQL through a `pg` pool. `schema`, when given, isolates a test run in its own schema. */
export class PostgresDb implements Db {
  readonly driver = 'postgres' as const;
  private readonly names = new StatementNames();
  private readonly queries: Queryable;

  private constructor(private readonly pool: pg.Pool) {
    this.queries = wrap(pool, this.names);
  }

  static async open(url: string, options: { schema?: string; max?: number } = {}): Promise<PostgresDb> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: 5_000,
      types: typeParsers,
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    const db = new PostgresDb(pool);
    if (options.schema) await db.exec(`create schema if not exists ${options.schema}`);
    return db;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.queries.query<Row>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.queries.exec(sql);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw translate(err);
    }
    try {
      await client.query('begin');
      const result = await work(wrap(client, this.names));
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw translate(err);
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.queries.query('select 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
