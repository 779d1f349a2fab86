import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import type { Db } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';
import { PgliteDb } from '../../src/storage/pglite-db.js';
import { PostgresDb } from '../../src/storage/postgres-db.js';

export const POSTGRES_URL = process.env.DATABASE_URL;

/** A migrated PGlite database cloned from the run's template (fast). */
export async function pgliteTestDb(): Promise<PgliteDb> {
  const blob = new Blob([await readFile(inject('pgliteTemplate'))]);
  return PgliteDb.open({ loadDataDir: blob });
}

/** A migrated PostgreSQL database in a schema of its own, dropped by `close()`. */
export async function postgresTestDb(url = POSTGRES_URL!): Promise<Db> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await PostgresDb.open(url, { schema, max: 4 });
  await migrate(db);
  const close = db.close.bind(db);
  return Object.assign(db, {
    close: async () => {
      await db.exec(`drop schema ${schema} cascade`).catch(() => {});
      await close();
    },
  });
}

/**
 * The database tests run on: PGlite, or PostgreSQL when PARLOR_TEST_DB=postgres (CI runs the
 * suites a second time that way).
 */
export function testDb(): Promise<Db> {
  return process.env.PARLOR_TEST_DB === 'postgres' && POSTGRES_URL ? postgresTestDb() : pgliteTestDb();
}

/** The drivers a contract suite runs over: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const STORAGE_DRIVERS: { name: string; open: () => Promise<Db>; skip?: string }[] = [
  { name: 'pglite', open: pgliteTestDb },
  POSTGRES_URL
    ? { name: 'postgres', open: () => postgresTestDb() }
    : { name: 'postgres', open: () => postgresTestDb(), skip: 'skipped: DATABASE_URL not set' },
];
