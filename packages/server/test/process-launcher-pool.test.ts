import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLauncherLog } from '../src/matchmaker/launcher-log.js';
import { ProcessLauncher } from '../src/matchmaker/process-launcher.js';
import { WarmPoolLauncher } from '../src/matchmaker/warm-pool.js';
import { sha256 } from '../src/platform/secrets.js';
import { launchSpec, memoryLogger } from './support/launch.js';
import { alive, until } from './support/live.js';

// The idle fixture logs the hash of the reporting token it received, then idles until signalled.
const entry = fileURLToPath(new URL('./fixtures/idle-game-server.mjs', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-pool-'));
const { logger, lines } = memoryLogger('debug');
const closers: { close(): Promise<unknown> }[] = [];
const launcher = () => {
  const l = new ProcessLauncher({ entry, dataDir, host: '127.0.0.1', publicHost: 'localhost', logger });
  closers.push(l);
  return l;
};
const pool = (inner: ProcessLauncher, size: number) => {
  const p = new WarmPoolLauncher(inner, {
    size,
    maxIdleMs: 45_000,
    retryDelayMs: 50,
    now: Date.now,
    log: silentLauncherLog,
  });
  closers.unshift(p);
  return p;
};
const spec = () => launchSpec();
const pidFile = (gameId: string) => path.join(dataDir, 'game-servers', `${gameId}.json`);
afterAll(async () => {
  for (const c of closers) await c.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ProcessLauncher prestart and assign', () => {
  it('an idle server belongs to no game; assign hands it the secrets over IPC only', async () => {
    const l = launcher();
    const exits: string[] = [];
    l.onExit((gameId) => exits.push(gameId));
    const idle = await l.prestart();
    const pid = Number(idle.ref);
    expect(alive(pid)).toBe(true);
    expect(await l.list()).toEqual([]);

    const s = spec();
    const launched = await l.assign(idle, s);
    expect(launched).toEqual({ ref: idle.ref, publicHost: 'localhost', privateHost: '127.0.0.1' });
    const hash = sha256(s.secrets.reportingToken);
    expect(await until(() => lines.some((line) => line.includes(hash)))).toBe(true);
    const key = s.secrets.connectKey.toString('base64url');
    for (const file of ['cmdline', 'environ']) {
      const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
      expect(text).not.toContain(s.secrets.reportingToken);
      expect(text).not.toContain(key);
    }
    expect(lines.join('')).not.toContain(s.secrets.reportingToken);
    expect(JSON.parse(readFileSync(pidFile(s.gameId), 'utf8')).pid).toBe(pid);
    expect(await l.list()).toEqual([{ gameId: s.gameId, ref: idle.ref }]);

    process.kill(pid, 'SIGKILL');
    expect(await until(() => exits.length > 0)).toBe(true);
    expect(exits).toEqual([s.gameId]);
    expect(await until(() => !existsSync(pidFile(s.gameId)))).toBe(true);
  });

  it('refuses to assign an idle server that died, and discard kills one', async () => {
    const l = launcher();
    const dead = await l.prestart();
    process.kill(Number(dead.ref), 'SIGKILL');
    await until(() => !alive(Number(dead.ref)));
    await expect(l.assign(dead, spec())).rejects.toThrow(/gone/);
    const idle = await l.prestart();
    await l.discard(idle);
    expect(alive(Number(idle.ref))).toBe(false);
  });
});

describe('the warm pool over the process launcher', () => {
  it('gives a game an already-started process, refills, and leaves no process after close', async () => {
    const inner = launcher();
    const p = pool(inner, 2);
    await p.start();
    await p.whenFull();
    const waiting = p.idleRefs();
    expect(waiting).toHaveLength(2);

    const s = spec();
    const launched = await p.launch(s);
    expect(waiting).toContain(launched.ref);
    expect(await p.list()).toEqual([{ gameId: s.gameId, ref: launched.ref }]);
    expect(await until(() => lines.some((line) => line.includes(sha256(s.secrets.reportingToken))))).toBe(
      true,
    );

    await p.whenFull();
    const refilled = p.idleRefs();
    expect(refilled).toHaveLength(2);
    expect(refilled).not.toContain(launched.ref);
    const started = new Set([...waiting, ...refilled]);
    expect(started.size).toBe(3);

    expect(await p.close()).toEqual([s.gameId]);
    closers.splice(closers.indexOf(p), 1);
    expect(await until(() => [...started].every((ref) => !alive(Number(ref))))).toBe(true);
  });

  it('starts cold when the idle server it takes has died', async () => {
    const inner = launcher();
    const p = pool(inner, 1);
    await p.start();
    await p.whenFull();
    const [dead] = p.idleRefs();
    process.kill(Number(dead), 'SIGKILL');
    await until(() => !alive(Number(dead)));
    const s = spec();
    const launched = await p.launch(s);
    expect(launched.ref).not.toBe(dead);
    expect(await p.list()).toEqual([{ gameId: s.gameId, ref: launched.ref }]);
    await p.stop(s.gameId);
  });
});
