import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameResults } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { connectMinigame, type MinigameConnection } from '@parlor/minigame-kit';
import { until } from '../../server/test/support/live.js';
import { startTestParlor, type TestParlor } from '../../server/test/support/test-parlor.js';
import { registerMinigame, twoPlayers } from './minigame-players.js';

/** A loopback TCP hop between the mini-game and Parlor, so a test can cut one connection. */
async function cuttableHop(target: string): Promise<{ url: string; links: Socket[]; server: Server }> {
  const { hostname, port } = new URL(target);
  const links: Socket[] = [];
  const server = createServer((inbound) => {
    const outbound = connect(Number(port), hostname);
    links.push(inbound);
    inbound.pipe(outbound).pipe(inbound);
    const cut = () => (inbound.destroy(), outbound.destroy());
    inbound.on('error', cut).on('close', cut);
    outbound.on('error', cut).on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, links, server };
}

let p: TestParlor;
const clients: GameClient[] = [];
const connections: MinigameConnection[] = [];
const children: ChildProcess[] = [];
const QUIZ_MAIN = fileURLToPath(new URL('../../../examples/minigame-python/main.py', import.meta.url));
let hop: Awaited<ReturnType<typeof cuttableHop>>;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_MINIGAME_RECONNECT_GRACE_SECONDS: '30' }, { listen: true });
  hop = await cuttableHop(p.url);
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const c of connections) c.stop();
  for (const c of children) c.kill();
  hop.server.close();
  await p.stop();
});

describe('a kit mini-game whose game socket drops', () => {
  it('attaches again by itself and the game goes on from its own memory', async () => {
    const { owner, key } = await registerMinigame(p, 'kit-again');
    const resumed: string[][] = [];
    const picks = new Map<string, number>();
    const connection = connectMinigame({
      url: hop.url,
      key: key.key,
      log: () => {},
      game: () => ({
        start: (ctx) => ctx.state({ round: 1 }),
        resumed: (_ctx, e) => void resumed.push(e.players.map((x) => x.displayName).sort()),
        input(ctx, playerId, input) {
          const pick = (input as { pick?: unknown })?.pick;
          if (typeof pick !== 'number') return;
          picks.set(playerId, pick);
          if (picks.size < 2) return;
          const ranked = [...picks].sort((a, b) => b[1] - a[1]);
          ctx.results({ players: ranked.map(([id, score], i) => ({ playerId: id, score, rank: i + 1 })) });
        },
      }),
    });
    connections.push(connection);
    await connection.welcomed;
    const { host, other } = await twoPlayers(p, owner.token, 'kit-again', 'again_friend');
    clients.push(host, other);
    const notices: unknown[] = [];
    other.on('message', (m) => (m as { kind?: string }).kind === 'notice' && notices.push(m));
    let closed = false;
    other.on('closed', () => (closed = true));
    let closedBeforeTheEnd: boolean | undefined;
    other.on('ended', () => (closedBeforeTheEnd = closed));
    await host.connect();
    await other.connect();
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    host.configure('easy');
    await until(() => (host.state?.game as { view?: { round?: number } })?.view?.round === 1);
    host.sendInput({ pick: 2 });
    await until(() => hop.links.length === 2); // the control socket, then the game's

    hop.links[1]!.destroy(); // the game socket's connection is cut, as by a network failure
    await until(() => resumed.length === 1);
    expect(resumed[0]).toEqual(['again_friend', 'kit_again_owner']);
    const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
    other.sendInput({ pick: 9 });
    const results = await ended;
    // The pick made before the drop was remembered by the mini-game's own handlers.
    expect(results.players.map((r) => [r.displayName, r.score])).toEqual([
      ['again_friend', 9],
      ['kit_again_owner', 2],
    ]);
    expect(notices.map((n) => (n as { notice: string }).notice)).toEqual(['reconnecting', 'resumed']);
    expect(closedBeforeTheEnd).toBe(false);
  });
});

describe('the Python example whose game socket drops', () => {
  it('attaches again and the quiz goes on to its results', async () => {
    const pyHop = await cuttableHop(p.url);
    const { owner, key } = await registerMinigame(p, 'py-again');
    const python = spawn('python3', [QUIZ_MAIN, '--url', pyHop.url, '--key', key.key], { stdio: 'pipe' });
    children.push(python);
    await new Promise<void>((resolve) =>
      python.stdout.on('data', (d) => String(d).includes('connected') && resolve()),
    );
    const { host, other } = await twoPlayers(p, owner.token, 'py-again', 'py_friend');
    clients.push(host, other);
    const notices: string[] = [];
    let views = 0;
    let answering = true;
    for (const c of [host, other])
      c.on('message', (data) => {
        const m = data as {
          kind?: string;
          notice?: string;
          view?: { kind: string; options?: { value: string }[] }[];
        };
        if (m.kind === 'notice' && c === other) notices.push(m.notice!);
        const choices = m.view?.find((x) => x.kind === 'choices');
        if (!choices?.options?.[0]) return;
        if (c === host) views += 1;
        if (answering) c.sendInput({ id: 'answer', value: choices.options[0].value });
      });
    let closed = false;
    other.on('closed', () => (closed = true));
    let closedBeforeTheEnd: boolean | undefined;
    other.on('ended', () => (closedBeforeTheEnd = closed));
    await host.connect();
    await other.connect();
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
    answering = false; // the first question waits until the socket has been cut and come back
    host.configure('easy');
    await until(() => views === 1 && pyHop.links.length === 2);
    pyHop.links[1]!.destroy();
    await until(() => notices.includes('resumed'));
    answering = true;
    for (const c of [host, other]) c.sendInput({ id: 'answer', value: '4' });
    const results = await ended;
    expect(results.players.map((r) => r.displayName).sort()).toEqual(['py_again_owner', 'py_friend']);
    expect(notices).toEqual(['reconnecting', 'resumed']);
    expect(closedBeforeTheEnd).toBe(false);
    pyHop.server.close();
  });
});
