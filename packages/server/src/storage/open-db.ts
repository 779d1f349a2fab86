import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { PgliteDb } from './pglite-db.js';
import { ensurePgliteFolder } from './pglite-folder.js';
import { PostgresDb } from './postgres-db.js';

/** PostgreSQL when a URL is configured, otherwise embedded PGlite in `<dataDir>/pglite`; migrated. */
export async function openDatabase(options: {
  databaseUrl?: string;
  databaseSchema?: string;
  dataDir: string;
}): Promise<Db> {
  let db: Db;
  if (options.databaseUrl) {
    db = await PostgresDb.open(options.databaseUrl, { schema: options.databaseSchema });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const dir = path.resolve(options.dataDir, 'pglite');
    // Created by a child process that exits, so initdb's memory is not this process's for good.
    await ensurePgliteFolder(dir);
    db = await PgliteDb.open({ dataDir: dir });
  }
  await migrate(db);
  return db;
}
