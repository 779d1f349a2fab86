import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameResults } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { until } from '../../server/test/support/live.js';
import { startTestParlor, type TestParlor } from '../../server/test/support/test-parlor.js';
import { registerMinigame, twoPlayers } from './minigame-players.js';

// The TypeScript example as a studio runs it (a child process on the built kit), two SDK players.
const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
let p: TestParlor;
const clients: GameClient[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => {
  p = await startTestParlor({}, { listen: true });
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const c of children) c.kill();
  await p.stop();
});

type Component = { kind: string; id?: string; options?: { value: string }[] };

describe('examples/minigame-ts', () => {
  it('plays three in a row to the end through the component views', async () => {
    const { owner, key } = await registerMinigame(p, 'three-in-a-row', ['easy', 'hard']);
    const child = spawn('node', [root('examples/minigame-ts/main.js'), '--url', p.url, '--key', key.key]);
    children.push(child);
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => String(d).includes('connected') && resolve()),
    );

    const { host, other } = await twoPlayers(p, owner.token, 'three-in-a-row', 'ttt_friend');
    clients.push(host, other);
    // Whoever is shown the numbered cells plays the first free one.
    for (const c of [host, other])
      c.on('message', (data) => {
        const view = (data as { view?: Component[] }).view;
        const move = view?.find((x) => x.kind === 'choices' && x.id === 'move');
        if (move?.options?.[0]) c.sendInput({ id: 'move', value: move.options[0].value });
      });
    await host.connect();
    await other.connect();
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
    host.configure('hard');
    const results = await ended;
    // X plays cells 1, 3, 5, 7 against O's 2, 4, 6: X completes the diagonal 3-5-7.
    expect(results.summary).toMatch(/wins with three in a row/);
    expect(results.players.map((r) => r.displayName).sort()).toEqual(['three_in_a_row_owner', 'ttt_friend']);
  });

  it('ships a front end under the upload cap that speaks only the bridge', () => {
    const html = readFileSync(root('examples/minigame-ts/frontend/index.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(256 * 1024);
    expect(html).toMatch(/postMessage\(\{ type: 'ready' \}/);
    expect(html).not.toMatch(/fetch\(|XMLHttpRequest|localStorage|document\.cookie|WebSocket/);
  });
});
