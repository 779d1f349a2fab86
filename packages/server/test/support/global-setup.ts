import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/storage/migrate.js';
import { PgliteDb } from '../../src/storage/pglite-db.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Creating a PGlite database takes seconds; loading a dump of a migrated one takes a fraction
 * of that. So the whole run migrates one template and every test file clones it.
 */
export default async function setup(project: TestProject) {
  const db = await PgliteDb.open();
  await migrate(db);
  const file = path.join(os.tmpdir(), `parlor-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await (await db.dump()).arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
}
