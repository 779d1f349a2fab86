/**
 * The embedded database's folder on disk, and its creation away from the server process.
 *
 * A folder at `dir` is a database only once it is complete: it is created under a staging name
 * beside it (`<dir>.creating-*`) by a child process, written to disk, and then renamed into
 * place in one step. So a start killed during creation leaves only a staging folder, which held
 * no data yet; the next start removes it and creates the database again.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CREATOR = fileURLToPath(new URL('./pglite-create-main.js', import.meta.url));
const STAGING = '.creating-';

/** Makes sure `dir` holds a created and migrated database, creating it in a child process if not. */
export async function ensurePgliteFolder(dir: string, creator = CREATOR): Promise<void> {
  if (isDatabase(dir)) return;
  removeStaging(dir);
  // No PG_VERSION: not a database, only what an older version's interrupted creation left.
  rmSync(dir, { recursive: true, force: true });
  const staging = `${dir}${STAGING}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await runCreator(creator, staging);
    syncTree(staging);
    renameSync(staging, dir);
    syncPath(path.dirname(dir));
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

/** PostgreSQL writes PG_VERSION into every data folder; a folder without it holds no database. */
function isDatabase(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION'));
}

function removeStaging(dir: string): void {
  const parent = path.dirname(dir);
  const prefix = `${path.basename(dir)}${STAGING}`;
  for (const name of readdirSync(parent)) {
    if (name.startsWith(prefix)) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

function runCreator(creator: string, staging: string): Promise<void> {
  const child = fork(creator, [staging], {
    // The baseline tier alone creates the database sooner and with less memory (see main.ts).
    execArgv: ['--liftoff-only'],
    // It needs no setting, so it gets none of ours (chat keys and the like stay here).
    env: { NODE_ENV: process.env.NODE_ENV ?? 'production' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4_000) stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`creating the embedded database failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`),
        );
    });
  });
}

/** Whatever PGlite synced itself, every file must be on disk before the rename is. */
function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) syncTree(child);
    else if (entry.isFile()) syncPath(child);
  }
  syncPath(dir);
}

function syncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
