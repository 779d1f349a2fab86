import { until } from '@parlor/game-server/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessLauncher } from '../src/matchmaker/process-launcher.js';
import { sha256 } from '../src/platform/secrets.js';
import { launchSpec, memoryLogger } from './support/launch.js';

const entry = fileURLToPath(new URL('./fixtures/idle-game-server.mjs', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-launcher-'));
const { logger, lines } = memoryLogger('debug');
const launcher = () =>
  new ProcessLauncher({
    entry,
    dataDir,
    host: '127.0.0.1',
    publicHost: 'localhost',
    logger,
    stopGraceMs: 2_000,
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const spec = () => launchSpec();
const launched: ProcessLauncher[] = [];
afterAll(async () => {
  for (const l of launched) await l.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// What every launcher promises (exits, leftovers, close) is the contract suite's
// (matchmaker/launcher.contract.test.ts); this file keeps what only child processes promise.
describe('ProcessLauncher', () => {
  it('hands the secrets over IPC only: not in argv, not in the environment', async () => {
    const l = launcher();
    launched.push(l);
    const s = spec();
    const { ref, publicHost } = await l.launch(s);
    expect(publicHost).toBe('localhost');
    const pid = Number(ref);
    expect(await until(() => lines.some((line) => line.includes(sha256(s.secrets.reportingToken))))).toBe(
      true,
    );
    const key = s.secrets.connectKey.toString('base64url');
    for (const file of ['cmdline', 'environ']) {
      const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
      expect(text).not.toContain(s.secrets.reportingToken);
      expect(text).not.toContain(key);
    }
    expect(lines.join('')).not.toContain(s.secrets.reportingToken);
    expect(await l.list()).toContainEqual({ gameId: s.gameId, ref });
    await l.stop(s.gameId);
    expect(alive(pid)).toBe(false);
    expect((await l.list()).map((r) => r.gameId)).not.toContain(s.gameId);
  });
});
