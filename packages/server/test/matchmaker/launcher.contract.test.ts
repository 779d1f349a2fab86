import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlPlaneStub, until } from '@parlor/game-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameServerLauncher, LaunchSpec } from '../../src/matchmaker/launcher.js';
import { silentLauncherLog } from '../../src/matchmaker/launcher-log.js';
import { PooledProcessLauncher } from '../../src/matchmaker/pooled-launcher.js';
import { ProcessLauncher } from '../../src/matchmaker/process-launcher.js';
import { type PrestartingLauncher, WarmPoolLauncher } from '../../src/matchmaker/warm-pool.js';
import { createLogger } from '../../src/platform/logger.js';
import { launchSpec } from '../support/launch.js';
import { docker, engineUnavailable, makeLauncher, removeScope, testScope } from './docker/engine-fixture.js';

/**
 * The launcher port's contract (src/matchmaker/launcher.ts), run over every implementation that
 * can run here, as the bus, presence and rate-limit suites are: the process launcher, the warm
 * pool in front of it, and the Docker launcher with and without the pool (skipped, saying why,
 * without an engine: `npm run test:docker`). Each server is the real game server, and the
 * stand-in control plane sees its reports, so "the secrets arrived" is observed, not assumed.
 * What only one implementation promises (IPC only, container hardening) stays in its own file.
 */
interface Deployment {
  /** A launcher on the deployment's one scope; several calls act as successive node starts. */
  launcher(): Promise<GameServerLauncher>;
  /** A launcher that must see none of the deployment's servers. */
  elsewhere(): Promise<GameServerLauncher>;
  /** Kills a launched server behind the launcher's back. */
  kill(ref: string): Promise<void>;
  cleanup(): Promise<void>;
}

interface Implementation {
  name: string;
  /** Why it cannot run here, or null. */
  skip: string | null;
  open(): Deployment;
}

const GAME_SERVER = fileURLToPath(new URL('../../../game-server/dist/main.js', import.meta.url));
const POOLED_GAME_SERVER = fileURLToPath(new URL('../../../game-server/dist/pool-main.js', import.meta.url));
const dockerSkip = await engineUnavailable();

type Mode = 'process' | 'warm pool' | 'pooled rooms';

function processDeployment(mode: Mode): Deployment {
  const dirs = [mkdtempSync(path.join(os.tmpdir(), 'parlor-launchers-'))];
  const logger = createLogger('silent');
  const single = (dataDir: string) =>
    new ProcessLauncher({ entry: GAME_SERVER, dataDir, host: '127.0.0.1', publicHost: '127.0.0.1', logger });
  // Two rooms a process, so that the suite's pairs of games share one.
  const onDir = (dataDir: string) =>
    mode === 'pooled rooms'
      ? new PooledProcessLauncher({
          entry: POOLED_GAME_SERVER,
          dataDir,
          host: '127.0.0.1',
          publicHost: '127.0.0.1',
          roomsPerProcess: 2,
          logger,
          single: single(dataDir),
        })
      : single(dataDir);
  return {
    launcher: async () => (mode === 'warm pool' ? pool(single(dirs[0]!)) : onDir(dirs[0]!)),
    elsewhere: async () => {
      dirs.push(mkdtempSync(path.join(os.tmpdir(), 'parlor-launchers-')));
      return onDir(dirs.at(-1)!);
    },
    kill: async (ref) => void process.kill(Number(ref), 'SIGKILL'),
    cleanup: async () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function dockerDeployment(pooled: boolean): Deployment {
  const scope = testScope();
  return {
    launcher: async () => (pooled ? pool(makeLauncher(scope)) : makeLauncher(scope)),
    elsewhere: async () => makeLauncher(testScope()),
    kill: async (ref) => void (await docker('kill', ref)),
    cleanup: () => removeScope(scope),
  };
}

async function pool(inner: PrestartingLauncher): Promise<WarmPoolLauncher> {
  const warm = new WarmPoolLauncher(inner, {
    size: 1,
    maxIdleMs: 45_000,
    retryDelayMs: 100,
    now: Date.now,
    log: silentLauncherLog,
  });
  await warm.start();
  await warm.whenFull();
  return warm;
}

const implementations: Implementation[] = [
  { name: 'ProcessLauncher', skip: null, open: () => processDeployment('process') },
  { name: 'WarmPoolLauncher over ProcessLauncher', skip: null, open: () => processDeployment('warm pool') },
  { name: 'PooledProcessLauncher', skip: null, open: () => processDeployment('pooled rooms') },
  { name: 'DockerLauncher', skip: dockerSkip, open: () => dockerDeployment(false) },
  { name: 'WarmPoolLauncher over DockerLauncher', skip: dockerSkip, open: () => dockerDeployment(true) },
];

for (const impl of implementations) {
  const title = `launcher contract: ${impl.name}`;
  describe.skipIf(impl.skip !== null)(impl.skip ? `${title} (skipped: ${impl.skip})` : title, () => {
    let stub: ControlPlaneStub;
    let deployment: Deployment;
    const open: GameServerLauncher[] = [];
    const launcher = async (make: () => Promise<GameServerLauncher> = () => deployment.launcher()) => {
      const l = await make();
      open.push(l);
      return l;
    };
    const spec = (): LaunchSpec =>
      launchSpec({
        heartbeatIntervalMs: 500,
        controlUrl: stub.url,
      });
    const readyReport = (s: LaunchSpec) => stub.waitFor((r) => r.gameId === s.gameId && r.kind === 'ready');
    const gamesOf = async (l: GameServerLauncher) => (await l.list()).map((r) => r.gameId);

    beforeAll(async () => {
      stub = await new ControlPlaneStub().start();
      deployment = impl.open();
    });
    afterAll(async () => {
      for (const l of open.splice(0).reverse()) await l.close().catch(() => {});
      await deployment.cleanup();
      await stub.stop();
    });

    it('launch hands the server its secrets: it reports ready with its reporting token, and list shows it', async () => {
      const l = await launcher();
      const s = spec();
      const launched = await l.launch(s);
      expect(launched.publicHost).toBeTruthy();
      const ready = await readyReport(s);
      expect(ready.authorization).toBe(`Bearer ${s.secrets.reportingToken}`);
      expect(await l.list()).toContainEqual({ gameId: s.gameId, ref: launched.ref });
    });

    it('stop is idempotent and resolves once the server is gone from list', async () => {
      const l = await launcher();
      const s = spec();
      await l.launch(s);
      await readyReport(s);
      await l.stop(s.gameId);
      expect(await gamesOf(l)).not.toContain(s.gameId);
      await l.stop(s.gameId);
      await l.stop(randomUUID());
    });

    it('tells onExit when a server dies on its own', async () => {
      const l = await launcher();
      const exits: string[] = [];
      l.onExit((gameId) => exits.push(gameId));
      const s = spec();
      const launched = await l.launch(s);
      await readyReport(s);
      await deployment.kill(launched.ref);
      expect(await until(() => exits.includes(s.gameId), { timeoutMs: 15_000 })).toBe(true);
    });

    it('a later instance of the same scope sees and stops what an earlier one left; another scope sees none', async () => {
      const first = await launcher();
      const s = spec();
      await first.launch(s);
      await readyReport(s);
      const next = await launcher();
      expect(next.scope).toBe(first.scope);
      expect(await gamesOf(next)).toContain(s.gameId);
      const other = await launcher(() => deployment.elsewhere());
      expect(other.scope).not.toBe(first.scope);
      expect(await gamesOf(other)).not.toContain(s.gameId);
      await next.stop(s.gameId, { graceMs: 0 });
      expect(await until(async () => !(await gamesOf(next)).includes(s.gameId))).toBe(true);
    });

    it('close stops the servers it names and leaves the others for the next start to adopt', async () => {
      const l = await launcher();
      const a = spec();
      const b = spec();
      await Promise.all([l.launch(a), l.launch(b)]);
      await Promise.all([readyReport(a), readyReport(b)]);
      const stopped = await l.close();
      open.splice(open.indexOf(l), 1);
      const seen = await gamesOf(await launcher());
      for (const gameId of [a.gameId, b.gameId]) {
        expect(seen.includes(gameId), gameId).toBe(!stopped.includes(gameId));
      }
    });
  });
}
