import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchSpec } from '../../support/launch.js';
import { ControlPlaneStub } from '@parlor/game-server/testing';
import { silentLauncherLog } from '../../../src/matchmaker/launcher-log.js';
import { WarmPoolLauncher } from '../../../src/matchmaker/warm-pool.js';
import type { LaunchSpec } from '../../../src/matchmaker/launcher.js';
import {
  containersOf,
  docker,
  engineUnavailable,
  makeLauncher,
  removeScope,
  testScope,
} from './engine-fixture.js';

const unavailable = await engineUnavailable();
const title = 'WarmPoolLauncher over Docker';
const scope = testScope();
let stub: ControlPlaneStub;

beforeAll(async () => {
  if (!unavailable) stub = await new ControlPlaneStub().start();
});
afterAll(async () => {
  if (unavailable) return;
  await removeScope(scope);
  await stub.stop();
});

function specFor(): LaunchSpec {
  return launchSpec({
    gameId: `g-${randomBytes(6).toString('hex')}`,
    heartbeatIntervalMs: 500,
    controlUrl: stub.url,
  });
}

async function idleContainers(): Promise<string[]> {
  const out = await docker(
    'ps',
    '-q',
    '--no-trunc',
    '--filter',
    `label=parlor.scope=${scope}`,
    '--filter',
    'label=parlor.pool=idle',
  );
  return out.split('\n').filter(Boolean);
}

describe.skipIf(unavailable !== null)(unavailable ? `${title} (skipped: ${unavailable})` : title, () => {
  it('allocates an already-started container, refills, and discards the idle ones on close', async () => {
    const launcher = makeLauncher(scope);
    // A leftover idle container from a "previous run" is removed at start.
    const leftover = await launcher.prestart();
    const pool = new WarmPoolLauncher(launcher, {
      size: 1,
      maxIdleMs: 45_000,
      retryDelayMs: 500,
      now: Date.now,
      log: silentLauncherLog,
    });
    await pool.start();
    expect(await containersOf(scope)).not.toContain(leftover.ref);
    await pool.whenFull();
    const [idle] = await idleContainers();
    expect(idle).toBeDefined();

    const spec = specFor();
    const started = performance.now();
    const launched = await pool.launch(spec);
    const allocated = performance.now();
    await stub.waitFor((r) => r.gameId === spec.gameId && r.kind === 'ready');
    const ready = performance.now();
    console.log(
      `warm pool: allocation ${(allocated - started).toFixed(0)} ms, launch-to-ready ${(ready - started).toFixed(0)} ms`,
    );
    expect(launched.ref).toBe(idle);
    expect(await pool.list()).toEqual([{ gameId: spec.gameId, ref: idle }]);
    const [info] = JSON.parse(await docker('inspect', idle!));
    expect(info.Name).toBe(`/parlor-game-${spec.gameId}`);

    await pool.whenFull(); // a new idle container replaces the one taken
    const [refill] = await idleContainers();
    expect(refill).not.toBe(idle);

    await pool.stop(spec.gameId);
    expect(await pool.close()).toEqual([]);
    expect(await containersOf(scope)).toEqual([]);
  });
});
