import { Mutex, PGlite, TransactionAbortedError, types } from '@electric-sql/pglite';
import { type Db, isPlanChanged, type Queryable } from './db.js';
import { PgliteMaintenance } from './pglite-maintenance.js';
import { PgliteStatements } from './pglite-statements.js';
import { PgliteWire, simpleQueryMessage } from './pglite-wire.js';

// int8 columns (sequence numbers, counters) are read as JS numbers on both drivers.
const parsers = { [types.INT8]: (value: string) => Number(value) };

// PostgreSQL's default 128 MB of shared buffers live in the WASM heap, in this process, on top
// of the file cache the OS keeps anyway; 8 MB keeps the embedded server small (bench:memory).
const EMBEDDED_SETTINGS = ['shared_buffers=8MB'];

/**
 * Embedded PostgreSQL (WASM) in a folder on disk, or in memory when `dataDir` is undefined.
 *
 * Everything goes to the engine through this class, in exchanges that each run to completion
 * synchronously (see pglite-wire.ts). A statement that needs a single exchange therefore runs
 * at once. Anything that needs several in a row (a transaction, a statement's first run) takes
 * `turn`, and single statements wait while it is taken, so none lands inside a transaction.
 */
export class PgliteDb implements Db {
  readonly driver = 'pglite' as const;
  private readonly wire: PgliteWire;
  private readonly statements: PgliteStatements;
  private readonly turn = new Mutex();
  // One per engine: it knows whether this engine has had its first pass (see PgliteMaintenance).
  private readonly maintenance = new PgliteMaintenance(this);
  private closing = false;

  private constructor(private readonly pg: PGlite) {
    this.wire = new PgliteWire(pg);
    this.statements = new PgliteStatements(pg, this.wire);
  }

  static async open(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PgliteDb> {
    const pg = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      parsers,
      postgresqlconf: EMBEDDED_SETTINGS,
    });
    return new PgliteDb(pg);
  }

  query<Row = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    if (!this.turn.isLocked() && !this.closing) {
      const ran = this.statements.runPrepared<Row>(sql, params);
      // A statement whose tables changed shape is prepared anew (by `run`), which takes the turn.
      if (ran)
        return ran.catch((err: unknown) =>
          isPlanChanged(err) ? this.inTurn(() => this.statements.run<Row>(sql, params)) : Promise.reject(err),
        );
    }
    return this.inTurn(() => this.statements.run<Row>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.inTurn(() => this.simple(sql));
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.inTurn(async () => {
      await this.simple('begin');
      let open = true;
      const ifOpen = <R>(run: () => Promise<R>) =>
        open ? run() : Promise.reject(new Error('Transaction is closed'));
      const tx: Queryable = {
        query: (sql, params = []) => ifOpen(() => this.statements.run(sql, params)),
        exec: (sql) => ifOpen(() => this.simple(sql)),
      };
      try {
        const result = await work(tx);
        open = false;
        const answers = await this.wire.exchange(simpleQueryMessage('commit'));
        // COMMIT of a transaction that an error aborted answers ROLLBACK instead.
        const done = answers.find((answer) => answer.name === 'commandComplete') as { text?: string };
        if (done?.text === 'ROLLBACK') throw new TransactionAbortedError();
        return result;
      } catch (err) {
        if (open) {
          open = false;
          await this.simple('rollback').catch(() => {});
        }
        throw err;
      }
    });
  }

  /** The vacuum and analyze PostgreSQL's autovacuum would do, which PGlite lacks. */
  maintain(): Promise<number> {
    return this.maintenance.run();
  }

  async ping(): Promise<void> {
    await this.query('select 1');
  }

  /** A snapshot of the whole database, used to clone a migrated template in tests. */
  dump(): Promise<Blob> {
    return this.inTurn(() => this.pg.dumpDataDir('none') as Promise<Blob>);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.turn.runExclusive(async () => {
      if (!this.pg.closed) await this.pg.close();
    });
  }

  private async simple(sql: string): Promise<void> {
    await this.wire.exchange(simpleQueryMessage(sql));
  }

  private inTurn<T>(run: () => Promise<T>): Promise<T> {
    if (this.closing || this.pg.closed) return Promise.reject(new Error('PGlite is closed'));
    return this.turn.runExclusive(run);
  }
}
