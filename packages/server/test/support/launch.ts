import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { LaunchSpec } from '../../src/matchmaker/launcher.js';
import { createLogger } from '../../src/platform/logger.js';

/** A launch spec with fresh secrets, for launcher tests. */
export function launchSpec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    gameId: randomUUID(),
    gameType: 'gem-rush',
    maxPlayers: 4,
    heartbeatIntervalMs: 1_000,
    controlUrl: 'http://127.0.0.1:9',
    secrets: { connectKey: randomBytes(32), reportingToken: randomBytes(32).toString('base64url') },
    ...overrides,
  };
}

/** A logger whose lines are kept in memory, to look for (or for the absence of) secrets. */
export function memoryLogger(level: string) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}
