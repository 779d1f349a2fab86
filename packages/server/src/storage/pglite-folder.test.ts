import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../test/support/server-process.js';
import { migrations } from './migrations/index.js';
import { PgliteDb } from './pglite-db.js';
import { ensurePgliteFolder } from './pglite-folder.js';

// The creator runs as a separate Node process, so it is the built one (tests run the sources).
const CREATOR = fileURLToPath(new URL('../../dist/storage/pglite-create-main.js', import.meta.url));

let parent: string;
let dir: string;
beforeAll(buildServer, 120_000);
beforeEach(() => {
  parent = mkdtempSync(path.join(os.tmpdir(), 'parlor-pglite-folder-'));
  dir = path.join(parent, 'pglite');
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

async function appliedMigrations(): Promise<string[]> {
  const db = await PgliteDb.open({ dataDir: dir });
  try {
    const rows = await db.query<{ id: string }>('select id from schema_migrations order by id');
    return rows.map((row) => row.id);
  } finally {
    await db.close();
  }
}

/** Starts the creator on a staging folder and kills it once initdb has begun writing there. */
async function interruptedCreation(staging: string): Promise<void> {
  const child = fork(CREATOR, [staging], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  while (!existsSync(path.join(staging, 'PG_VERSION')) && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGKILL');
  await exited;
}

const everyMigration = migrations.map((m) => m.id).sort();

describe('the embedded database folder', () => {
  it('is created, migrated, in a child process, with no staging folder left', async () => {
    await ensurePgliteFolder(dir, CREATOR);
    expect(await appliedMigrations()).toEqual(everyMigration);
    expect(readdirSync(parent)).toEqual(['pglite']);
  }, 120_000);

  it('is created again when a start was killed during creation', async () => {
    await interruptedCreation(`${dir}.creating-1-killed`);
    expect(existsSync(dir)).toBe(false);
    await ensurePgliteFolder(dir, CREATOR);
    expect(await appliedMigrations()).toEqual(everyMigration);
    expect(readdirSync(parent)).toEqual(['pglite']);
  }, 120_000);

  it('replaces a folder that holds no database (an older version killed while creating it)', async () => {
    mkdirSync(path.join(dir, 'base'), { recursive: true });
    writeFileSync(path.join(dir, 'postgresql.conf'), '# partial\n');
    await ensurePgliteFolder(dir, CREATOR);
    expect(await appliedMigrations()).toEqual(everyMigration);
  }, 120_000);

  it('keeps an existing database and its rows', async () => {
    await ensurePgliteFolder(dir, CREATOR);
    const db = await PgliteDb.open({ dataDir: dir });
    await db.exec("create table kept (note text); insert into kept values ('still here')");
    await db.close();

    await ensurePgliteFolder(dir, CREATOR);
    const again = await PgliteDb.open({ dataDir: dir });
    try {
      expect(await again.query('select note from kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('reports a creator that fails, and leaves nothing behind', async () => {
    const failing = path.join(parent, 'fails.mjs');
    writeFileSync(failing, "process.stderr.write('no room on the disk\\n'); process.exit(1);\n");
    await expect(ensurePgliteFolder(dir, failing)).rejects.toThrow(/no room on the disk/);
    expect(readdirSync(parent)).toEqual(['fails.mjs']);
  });
});
