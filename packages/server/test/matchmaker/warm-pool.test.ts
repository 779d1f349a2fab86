import { afterEach, describe, expect, it } from 'vitest';
import type { LaunchSpec, LaunchedGameServer, RunningGameServer } from '../../src/matchmaker/launcher.js';
import { silentLauncherLog } from '../../src/matchmaker/launcher-log.js';
import {
  WarmPoolLauncher,
  type IdleGameServer,
  type PrestartingLauncher,
} from '../../src/matchmaker/warm-pool.js';

/** Records what the pool asks of it; prestarts resolve at once unless told to fail. */
class FakeLauncher implements PrestartingLauncher {
  readonly scope = 'fake';
  readonly calls: string[] = [];
  readonly discarded: string[] = [];
  failAssign = false;
  failPrestart = false;
  leftovers = 0;
  private next = 0;

  async prestart(): Promise<IdleGameServer> {
    if (this.failPrestart) throw new Error('no capacity');
    const ref = `idle-${++this.next}`;
    this.calls.push(`prestart ${ref}`);
    return { ref };
  }
  async assign(idle: IdleGameServer, spec: LaunchSpec): Promise<LaunchedGameServer> {
    this.calls.push(`assign ${idle.ref} ${spec.gameId}`);
    if (this.failAssign) throw new Error('idle server died');
    return { ref: idle.ref, publicHost: 'h' };
  }
  async discard(idle: IdleGameServer): Promise<void> {
    this.discarded.push(idle.ref);
  }
  async discardIdleLeftovers(): Promise<number> {
    return this.leftovers;
  }
  async launch(spec: LaunchSpec): Promise<LaunchedGameServer> {
    this.calls.push(`launch ${spec.gameId}`);
    return { ref: `cold-${spec.gameId}`, publicHost: 'h' };
  }
  async stop(): Promise<void> {}
  async list(): Promise<RunningGameServer[]> {
    return [];
  }
  onExit(): void {}
  async close(): Promise<string[]> {
    this.calls.push('close');
    return [];
  }
}

const spec = (gameId: string): LaunchSpec => ({
  gameId,
  gameType: 'gem-rush',
  maxPlayers: 4,
  heartbeatIntervalMs: 1_000,
  controlUrl: 'http://control',
  secrets: { connectKey: Buffer.alloc(32), reportingToken: 't' },
});

let pool: WarmPoolLauncher | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

function makePool(inner: FakeLauncher, o: { size?: number; now?: () => number } = {}) {
  pool = new WarmPoolLauncher(inner, {
    size: o.size ?? 2,
    maxIdleMs: 45_000,
    retryDelayMs: 10,
    now: o.now ?? (() => 0),
    log: silentLauncherLog,
  });
  return pool;
}

describe('the warm pool', () => {
  it('gives a game an idle server and starts another in its place', async () => {
    const inner = new FakeLauncher();
    const p = makePool(inner);
    await p.start();
    await p.whenFull();
    expect(p.idleCount).toBe(2);
    const launched = await p.launch(spec('g1'));
    expect(launched.ref).toMatch(/^idle-/);
    expect(inner.calls).toContain(`assign ${launched.ref} g1`);
    expect(inner.calls.filter((c) => c.startsWith('launch'))).toEqual([]);
    await p.whenFull();
    expect(inner.calls.filter((c) => c.startsWith('prestart'))).toHaveLength(3);
  });

  it('starts cold when the pool is empty or the idle server fails', async () => {
    const inner = new FakeLauncher();
    inner.failPrestart = true;
    const p = makePool(inner);
    await p.start();
    expect((await p.launch(spec('g1'))).ref).toBe('cold-g1');
    inner.failPrestart = false;
    await p.whenFull();
    inner.failAssign = true;
    expect((await p.launch(spec('g2'))).ref).toBe('cold-g2');
  });

  it('never hands out a server idle for longer than maxIdleMs', async () => {
    const inner = new FakeLauncher();
    let now = 0;
    const p = makePool(inner, { size: 1, now: () => now });
    await p.start();
    await p.whenFull();
    now = 50_000;
    expect((await p.launch(spec('g1'))).ref).toBe('cold-g1');
    expect(inner.discarded).toEqual(['idle-1']);
  });

  it('discards its idle servers on close, then closes the launcher under it', async () => {
    const inner = new FakeLauncher();
    const p = makePool(inner);
    await p.start();
    await p.whenFull();
    expect(await p.close()).toEqual([]);
    pool = null;
    expect(inner.discarded.sort()).toEqual(['idle-1', 'idle-2']);
    expect(inner.calls.at(-1)).toBe('close');
  });
});
