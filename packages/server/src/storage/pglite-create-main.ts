/**
 * A short-lived process that creates an embedded database: PGlite's initdb and every migration,
 * in the folder named by its one argument. Run by `pglite-folder.ts`, which renames the folder
 * into place once this exits with 0. It exits rather than lingers, because the memory initdb
 * takes in a WASM heap is never handed back while the process lives.
 */
import { migrate } from './migrate.js';
import { PgliteDb } from './pglite-db.js';

async function create(dir: string): Promise<void> {
  const db = await PgliteDb.open({ dataDir: dir });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

// Without its parent nobody would rename the folder into place, so stop: at the next turn of
// the event loop, as initdb itself runs without one. The next start removes the folder.
process.on('disconnect', () => process.exit(1));

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: pglite-create-main <folder>\n');
  process.exit(2);
}
create(dir).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  },
);
