import { type PGlite, parse } from '@electric-sql/pglite';
import { isPlanChanged, PREPARED_TEXTS_KEPT } from './db.js';
import {
  bindAndRun,
  closeStatementMessage,
  type EngineMessage,
  type PgliteWire,
  prepareMessage,
} from './pglite-wire.js';

/** A statement prepared once under a name, as the engine described it then. */
interface Prepared {
  name: string;
  paramTypes: number[];
  /** The rows' columns, or undefined for a statement that returns none. */
  rowDescription: EngineMessage | undefined;
}

/**
 * Parameterised statements on PGlite, each parsed once and then run in one exchange.
 *
 * PGlite's own `query()` calls into the engine six times per statement, parses and plans the
 * SQL every time, and takes two locks. Here each SQL text becomes a named statement the first
 * time it runs; every later run is one Bind-Execute-Sync exchange (see
 * docs/benchmarks.md for what that saves). Values are serialised exactly as `query()` does,
 * by the parameter types the engine inferred.
 *
 * The stores' SQL is a fixed set of texts. Past `capacity` texts, a new text is prepared,
 * run and closed again, so SQL built on the fly cannot grow the cache without bound.
 */
export class PgliteStatements {
  private readonly prepared = new Map<string, Prepared>();
  private named = 0;

  constructor(
    private readonly pg: PGlite,
    private readonly wire: PgliteWire,
    private readonly capacity = PREPARED_TEXTS_KEPT,
  ) {}

  /**
   * Runs `sql` in a single exchange if it is prepared already, which needs no turn of its
   * own (see PgliteDb); undefined when it is not.
   */
  runPrepared<Row>(sql: string, params: readonly unknown[]): Promise<Row[]> | undefined {
    const statement = this.prepared.get(sql);
    return statement && this.execute<Row>(statement, params);
  }

  /**
   * Runs `sql` whatever it takes (prepare, re-prepare, several exchanges): the caller has the
   * turn. A statement whose tables changed shape since it was prepared is closed and prepared
   * anew.
   */
  async run<Row>(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const statement = this.prepared.get(sql);
    if (statement) {
      try {
        return await this.execute<Row>(statement, params);
      } catch (err) {
        if (!isPlanChanged(err)) throw err;
        this.prepared.delete(sql);
        await this.wire.exchange(closeStatementMessage(statement.name));
      }
    }
    return this.runFresh<Row>(sql, params);
  }

  private async runFresh<Row>(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const statement = await this.prepare(sql);
    if (this.prepared.size < this.capacity) {
      this.prepared.set(sql, statement);
      return this.execute<Row>(statement, params);
    }
    try {
      return await this.execute<Row>(statement, params);
    } finally {
      await this.wire.exchange(closeStatementMessage(statement.name));
    }
  }

  private async prepare(sql: string): Promise<Prepared> {
    const name = `parlor_${this.named++}`;
    const answers = await this.wire.exchange(prepareMessage(name, sql));
    return {
      name,
      paramTypes: parse.parseDescribeStatementResults(answers),
      rowDescription: answers.find((answer) => answer.name === 'rowDescription'),
    };
  }

  private async execute<Row>(statement: Prepared, params: readonly unknown[]): Promise<Row[]> {
    const values = params.map((value, i) => this.serialise(value, statement.paramTypes[i]));
    const answers = await this.wire.exchange(bindAndRun(statement.name, values));
    if (statement.rowDescription) answers.unshift(statement.rowDescription);
    return (parse.parseResults(answers, this.pg.parsers)[0]?.rows ?? []) as Row[];
  }

  private serialise(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = type === undefined ? undefined : this.pg.serializers[type];
    return serializer ? serializer(value) : String(value);
  }
}
