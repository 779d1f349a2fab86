import type { Queryable } from './db.js';

/** A table that is due, and what it is due for. */
export interface DueTable {
  name: string;
  vacuum: boolean;
  analyze: boolean;
}

// PostgreSQL's autovacuum rules, with the engine's own settings: vacuum when dead rows or rows
// inserted since the last vacuum pass their threshold, or when the table's oldest transaction
// or multixact id nears wraparound; analyze when modified rows pass theirs. A table never
// analyzed has reltuples -1 and counts as empty, as in autovacuum. Catalogs are included: the
// database's age is its oldest table's, theirs included. A TOAST table is vacuumed with its table.
// With $1 true, every table is due: the counters started from zero when the engine did.
const DUE_TABLES = /* sql */ `
  with settings as (
    select current_setting('autovacuum_vacuum_threshold')::float8 as vacuum_base,
           current_setting('autovacuum_vacuum_scale_factor')::float8 as vacuum_scale,
           current_setting('autovacuum_vacuum_insert_threshold')::float8 as insert_base,
           current_setting('autovacuum_vacuum_insert_scale_factor')::float8 as insert_scale,
           current_setting('autovacuum_analyze_threshold')::float8 as analyze_base,
           current_setting('autovacuum_analyze_scale_factor')::float8 as analyze_scale,
           current_setting('autovacuum_freeze_max_age')::float8 as freeze_age,
           current_setting('autovacuum_multixact_freeze_max_age')::float8 as multixact_age,
           $1::boolean as everything
  ), tables as (
    select format('%I.%I', s.schemaname, s.relname) as name, s.n_dead_tup, s.n_ins_since_vacuum,
           s.n_mod_since_analyze, c.oid = 'pg_catalog.pg_statistic'::regclass as is_statistics,
           greatest(c.reltuples, 0) as tuples,
           greatest(age(c.relfrozenxid), coalesce(age(t.relfrozenxid), 0)) as xid_age,
           greatest(mxid_age(c.relminmxid), coalesce(mxid_age(t.relminmxid), 0)) as mxid_age
    from pg_stat_all_tables s
    join pg_class c on c.oid = s.relid
    left join pg_class t on t.oid = c.reltoastrelid
    where c.relkind in ('r', 'm') and c.relpersistence <> 't'
  )
  select name, vacuum, "analyze" from (
    select name, xid_age,
           everything
             or n_dead_tup > vacuum_base + vacuum_scale * tuples
             or n_ins_since_vacuum > insert_base + insert_scale * tuples
             or xid_age > freeze_age or mxid_age > multixact_age as vacuum,
           -- pg_statistic is never analyzed (nor by autovacuum): its rows are the statistics
           not is_statistics
             and (everything or n_mod_since_analyze > analyze_base + analyze_scale * tuples)
             as "analyze"
    from tables, settings
  ) due
  where vacuum or "analyze"
  order by xid_age desc, name`;

/**
 * Autovacuum for the embedded engine. PGlite runs PostgreSQL as one process without the
 * autovacuum launcher, so nothing else clears dead rows, refreshes the planner's statistics or
 * freezes old transaction ids, and an engine that is never vacuumed stops taking writes after
 * about two billion transactions. Each pass does what autovacuum would, one table at a time.
 * PGlite answers on the calling thread, so a table's vacuum holds the event loop for as long as
 * it takes (docs/architecture.md has figures).
 */
export class PgliteMaintenance {
  // PGlite keeps no statistics across a restart: until this engine's first pass, what the
  // counters do not show may still be due, so that pass takes every table.
  private firstPassDone = false;

  constructor(private readonly db: Queryable) {}

  /** The tables due now; the engine's statistics are flushed first. */
  async due(): Promise<DueTable[]> {
    // PGlite reports table statistics only when asked: the server's idle timer never runs.
    await this.db.query('select pg_stat_force_next_flush()');
    return this.db.query<DueTable>(DUE_TABLES, [!this.firstPassDone]);
  }

  /**
   * One pass; returns how many tables it vacuumed or analyzed. A table that fails does not stop
   * the others; the first failure is thrown at the end, for the sweeper to log.
   */
  async run(): Promise<number> {
    let done = 0;
    let failure: unknown;
    const due = await this.due();
    this.firstPassDone = true;
    for (const table of due) {
      // Between tables, whatever else is waiting runs: a pass holds the event loop one table at
      // a time, never for all of them (a first pass vacuums every table).
      await new Promise((resolve) => setImmediate(resolve));
      try {
        await this.db.exec(`${command(table)} ${table.name}`);
        done++;
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
    return done;
  }
}

function command({ vacuum, analyze }: DueTable): string {
  if (!vacuum) return 'analyze';
  return analyze ? 'vacuum (analyze)' : 'vacuum';
}
