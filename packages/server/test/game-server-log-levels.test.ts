import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { forkGameServer, stopChild, type ForkedGameServer } from '../src/matchmaker/child-process.js';
import { memoryLogger } from './support/launch.js';

const entry = fileURLToPath(new URL('./fixtures/log-lines-game-server.mjs', import.meta.url));
let forked: ForkedGameServer | undefined;
afterAll(async () => {
  if (forked) await stopChild(forked.child, 1_000);
});

describe("a game server's log lines in the control plane's log", () => {
  it('keep their level, so security warnings show at the default level (info)', async () => {
    const { logger, lines } = memoryLogger('info');
    forked = await forkGameServer(entry, logger);
    const relayed = async () => {
      for (let i = 0; i < 200 && lines.length < 4; i++) await new Promise((r) => setTimeout(r, 25));
      return lines.map((l) => JSON.parse(l) as { level: number; line: string });
    };
    const byText = (text: string) => (found: { level: number; line: string }[]) =>
      found.find((l) => l.line.includes(text));
    const found = await relayed();
    // pino's numbers: info 30, warn 40, error 50.
    expect(byText('player attached')(found)?.level).toBe(30);
    expect(byText('connect token refused')(found)?.level).toBe(40);
    expect(byText('game tick threw')(found)?.level).toBe(50);
    expect(byText('not a log line')(found)?.level).toBe(40);
  });
});
