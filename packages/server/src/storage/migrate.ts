import type { Db } from './db.js';
import { migrations as all } from './migrations/index.js';

// An arbitrary constant: every node takes the same advisory lock, so two nodes starting at
// once apply each migration exactly once.
const MIGRATION_LOCK = 7_271_001;

/** Applies pending migrations in one transaction each; returns the ids it applied. */
export async function migrate(db: Db, migrations = all): Promise<string[]> {
  await db.exec(
    'create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null)',
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query('select 1 from schema_migrations where id = $1', [migration.id]);
      if (rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (id, applied_at) values ($1, now())', [migration.id]);
      return true;
    });
    if (done) applied.push(migration.id);
  }
  return applied;
}
