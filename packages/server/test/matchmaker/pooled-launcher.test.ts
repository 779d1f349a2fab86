import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlPlaneStub } from '@parlor/game-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PooledProcessLauncher } from '../../src/matchmaker/pooled-launcher.js';
import { ProcessLauncher } from '../../src/matchmaker/process-launcher.js';
import { createLogger } from '../../src/platform/logger.js';
import { launchSpec } from '../support/launch.js';

/** What only the pooled launcher promises; the shared contract is in launcher.contract.test.ts. */
const dist = (file: string) => fileURLToPath(new URL(`../../../game-server/dist/${file}`, import.meta.url));

describe('pooled launcher', () => {
  let stub: ControlPlaneStub;
  let dataDir: string;
  let launcher: PooledProcessLauncher;
  beforeAll(async () => {
    stub = await new ControlPlaneStub().start();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-pooled-'));
    const logger = createLogger('silent');
    const common = { dataDir, host: '127.0.0.1', publicHost: '127.0.0.1', logger };
    launcher = new PooledProcessLauncher({
      ...common,
      entry: dist('pool-main.js'),
      roomsPerProcess: 3,
      single: new ProcessLauncher({ ...common, entry: dist('main.js') }),
    });
  });
  afterAll(async () => {
    await launcher.close();
    rmSync(dataDir, { recursive: true, force: true });
    await stub.stop();
  });

  it('launches made together share the one process forked for them, and the next one past its rooms gets another', async () => {
    const specs = [1, 2, 3, 4].map(() => launchSpec({ controlUrl: stub.url, heartbeatIntervalMs: 500 }));
    const launched = await Promise.all(specs.map((s) => launcher.launch(s)));
    for (const s of specs) await stub.waitFor((r) => r.gameId === s.gameId && r.kind === 'ready');
    const refs = launched.map((l) => l.ref);
    expect(new Set(refs).size).toBe(2);
    expect(Math.max(...[...new Set(refs)].map((ref) => refs.filter((r) => r === ref).length))).toBe(3);
  });
});
