/**
 * The process launcher's dealings with one child: fork it with nothing secret in reach, pass
 * its output on to our log, hand it one IPC message, stop it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../platform/logger.js';

export interface ForkedGameServer {
  readonly child: ChildProcess;
  /** Where its output lines go; re-pointed when an idle server is given its game. */
  log: Logger;
}

/**
 * Forks `entry` with an IPC channel and an environment of only NODE_ENV, and resolves once
 * the process exists (not once it has loaded: it then waits for its secrets on the channel).
 */
export async function forkGameServer(entry: string, log: Logger): Promise<ForkedGameServer> {
  const child = fork(entry, [], {
    env: { NODE_ENV: process.env.NODE_ENV ?? 'production' },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const forked: ForkedGameServer = { child, log };
  // The game server logs JSON lines on stderr; they join ours, tagged with the game. Read
  // from the start, idle or not, so that a full pipe never blocks the child.
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      forked.log[levelOfLine(line)]({ line: line.slice(0, 2_000) }, 'game server output');
    });
  }
  return forked;
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const);
type Level = typeof LEVELS extends Set<infer L> ? L : never;

/**
 * A game server's line keeps the level it was logged at: its warnings (refused tokens, clients
 * cut off for misbehaving) are security signals that must show at the default level. A line
 * that is not one of its JSON log lines (a crash trace, stray output) is unexpected: a warning.
 */
export function levelOfLine(line: string): Level {
  try {
    const level: unknown = (JSON.parse(line) as { level?: unknown } | null)?.level;
    return typeof level === 'string' && LEVELS.has(level as Level) ? (level as Level) : 'warn';
  } catch {
    return 'warn';
  }
}

export function sendMessage(child: ChildProcess, message: object): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!child.connected) return reject(new Error('the game server has no IPC channel any more'));
    child.send(message, (err) => (err ? reject(err) : resolve()));
  });
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops a process that is not our child (left by a previous run): no exit event, so poll. */
export async function stopPid(pid: number, graceMs: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal(graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive()) signal('SIGKILL');
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
}
