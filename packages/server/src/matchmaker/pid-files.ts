import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PidRecord {
  gameId: string;
  pid: number;
  entry: string;
}

const GAME_ID = /^[0-9a-f-]{36}$/;

/**
 * One small file per running game server in `<dataDir>/game-servers`, so that a node that
 * crashed finds the processes it started when it comes back (reconciliation). The file holds
 * no secret: game id, pid and the entry script that identifies our processes.
 */
export class PidFiles {
  constructor(private readonly dir: string) {}

  async record(r: PidRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.file(r.gameId), JSON.stringify(r), { mode: 0o600 });
  }

  async forget(gameId: string): Promise<void> {
    await rm(this.file(gameId), { force: true });
  }

  async read(gameId: string): Promise<PidRecord | undefined> {
    try {
      return parse(await readFile(this.file(gameId), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async all(): Promise<PidRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const records = await Promise.all(
      names.filter((n) => n.endsWith('.json')).map((n) => this.read(n.slice(0, -'.json'.length))),
    );
    return records.filter((r): r is PidRecord => r !== undefined);
  }

  /** The records whose process is still ours and alive; the others are forgotten. */
  async running(): Promise<{ gameId: string; ref: string }[]> {
    const running: { gameId: string; ref: string }[] = [];
    for (const record of await this.all()) {
      if (isOurProcess(record.pid, record.entry))
        running.push({ gameId: record.gameId, ref: String(record.pid) });
      else await this.forget(record.gameId);
    }
    return running;
  }

  private file(gameId: string): string {
    if (!GAME_ID.test(gameId)) throw new Error('not a game id');
    return path.join(this.dir, `${gameId}.json`);
  }
}

function parse(text: string): PidRecord | undefined {
  const r = JSON.parse(text) as Partial<PidRecord>;
  if (typeof r.gameId !== 'string' || !GAME_ID.test(r.gameId)) return undefined;
  if (typeof r.pid !== 'number' || !Number.isInteger(r.pid) || r.pid <= 1) return undefined;
  if (typeof r.entry !== 'string') return undefined;
  return { gameId: r.gameId, pid: r.pid, entry: r.entry };
}

/**
 * Is `pid` alive and still running `entry`? Pids are reused, so where /proc exists the
 * command line must name our entry script; elsewhere liveness is all we can check.
 */
export function isOurProcess(pid: number, entry: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: alive but someone else's, so certainly not ours.
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(entry);
  } catch {
    return process.platform !== 'linux';
  }
}
