import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf, type GameResults } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { createStudio } from '../support/studios.js';
import { client, until } from '../support/live.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

// Real processes and sockets: a listening Parlor, a forked game server, a mini-game server
// written here with a plain WebSocket client, and two SDK players over the relay.
const DUEL = { id: 'quick-duel', name: 'Quick Duel', minPlayers: 2, maxPlayers: 2, difficulties: ['easy'] };

let p: TestParlor;
const clients: GameClient[] = [];
const sockets: WebSocket[] = [];
const children: ChildProcess[] = [];
const QUIZ_MAIN = fileURLToPath(new URL('../../../../examples/minigame-python/main.py', import.meta.url));
beforeAll(async () => {
  p = await startTestParlor({}, { listen: true });
});
afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of sockets) s.terminate();
  for (const c of children) c.kill();
  await p.stop();
});

/** A mini-game: each player picks a number; the higher one wins. A cheat tries what it should not. */
function runDuel(key: string, cheat?: { replays: number[] }) {
  const control = new WebSocket(`${p.url.replace(/^http/, 'ws')}/v1/minigames/connect`);
  sockets.push(control);
  control.on('open', () => control.send(JSON.stringify({ type: 'hello', key, protocolVersion: 1 })));
  control.on('message', (d) => {
    const frame = JSON.parse(d.toString());
    if (frame.type !== 'attach') return;
    const game = new WebSocket(`${p.url.replace(/^http/, 'ws')}${frame.path}`);
    sockets.push(game);
    const picks = new Map<string, number>();
    const send = (m: unknown) => game.send(JSON.stringify(m));
    game.on('open', () => send({ type: 'attach', token: frame.token }));
    if (cheat) {
      // The same attach token again, once the first is in: single use, so it is refused.
      setTimeout(() => {
        const again = new WebSocket(`${p.url.replace(/^http/, 'ws')}${frame.path}`);
        sockets.push(again);
        again.on('open', () => again.send(JSON.stringify({ type: 'attach', token: frame.token })));
        again.on('close', (code) => cheat.replays.push(code));
      }, 300);
    }
    game.on('message', (raw) => {
      const e = JSON.parse(raw.toString());
      if (e.type === 'start' && cheat) {
        send({ type: 'results', results: { players: [{ playerId: 'not-a-player', score: 1, rank: 1 }] } });
        return;
      }
      if (e.type === 'start') {
        send({ type: 'state', state: { round: 1, players: e.players.length } });
        for (const pl of e.players)
          send({
            type: 'view',
            playerId: pl.playerId,
            view: [{ kind: 'heading', text: `Hi ${pl.displayName}, pick a number` }],
          });
      }
      if (e.type === 'input' && typeof e.input?.pick === 'number') {
        picks.set(e.playerId, e.input.pick);
        if (picks.size === 2) {
          const ranked = [...picks].sort((a, b) => b[1] - a[1]);
          send({
            type: 'results',
            results: { players: ranked.map(([playerId, score], i) => ({ playerId, score, rank: i + 1 })) },
          });
        }
      }
    });
  });
  return new Promise<void>((resolve) => control.on('message', () => resolve()));
}

/** The owner creates a game of `type`; a new user joins it: their two (unconnected) clients. */
async function twoPlayers(ownerToken: string, type: string, friendName: string) {
  const created = await p.call('POST', '/v1/games', { token: ownerToken, body: { type } });
  expect(created.statusCode, created.body).toBe(201);
  const game = created.json();
  const friend = await p.signUp(friendName);
  const joined = (
    await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } })
  ).json();
  const host = client(game);
  const other = client(joined);
  clients.push(host, other);
  return { host, other };
}

describe("a mini-game's game", () => {
  it('attaches, plays to the end with private views, and counts a play for the studio', async () => {
    const owner = await p.signUp('duel_owner');
    const studio = await createStudio(p, owner.token, 'Duel Studio');
    const reg = await p.call('POST', `/v1/studios/${studio.id}/minigames`, {
      token: owner.token,
      body: DUEL,
    });
    expect(reg.statusCode, reg.body).toBe(201);
    await runDuel(reg.json().apiKey.key);

    const { host, other } = await twoPlayers(owner.token, DUEL.id, 'duel_friend');
    const views: unknown[] = [];
    other.on('message', (m) => views.push(m));
    await host.connect();
    await other.connect();
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
    host.configure('easy');
    await until(() => views.length > 0);
    // Only what was addressed to this player: its own heading, nobody else's.
    expect(views).toEqual([
      { kind: 'view', view: [{ kind: 'heading', text: 'Hi duel_friend, pick a number' }] },
    ]);
    host.sendInput({ pick: 3 });
    other.sendInput({ pick: 7 });
    const results = await ended;
    expect(results.players.map((r) => [r.displayName, r.rank])).toEqual([
      ['duel_friend', 1],
      ['duel_owner', 2],
    ]);
    await until(
      async () =>
        (await p.call('GET', `/v1/studios/${studio.id}/minigames/${DUEL.id}`, { token: owner.token })).json()
          .plays === 1,
    );
  });

  it('refuses a replayed attach token, and ends the game in plain words when results name strangers', async () => {
    const owner = await p.signUp('cheat_owner');
    const studio = await createStudio(p, owner.token, 'Cheat Studio');
    const body = { ...DUEL, id: 'cheat-duel', name: 'Cheat Duel' };
    const reg = await p.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body });
    expect(reg.statusCode, reg.body).toBe(201);
    const cheat = { replays: [] as number[] };
    await runDuel(reg.json().apiKey.key, cheat);
    const { host, other } = await twoPlayers(owner.token, body.id, 'cheat_friend');
    await host.connect();
    await other.connect();
    await until(() => cheat.replays.length === 1);
    expect(cheat.replays).toEqual([closeCodeOf('MINIGAME_KEY_REFUSED')]);
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    const told = new Promise<{ code?: string; message?: string }>((resolve) => other.on('closed', resolve));
    host.configure('easy');
    const reason = await told;
    expect(reason.code).toBe('MINIGAME_FAILED');
    expect(reason.message).toMatch(/results for players not in this game/);
    const after = await p.call('GET', `/v1/studios/${studio.id}/minigames/${body.id}`, {
      token: owner.token,
    });
    expect(after.json().plays).toBe(0);
  });

  it('plays a whole quiz against the Python example, started as a child process', async () => {
    const owner = await p.signUp('quiz_owner');
    const studio = await createStudio(p, owner.token, 'Quiz Studio');
    const body = {
      id: 'quick-quiz',
      name: 'Quick Quiz',
      minPlayers: 1,
      maxPlayers: 8,
      difficulties: ['easy', 'hard'],
    };
    const reg = await p.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body });
    expect(reg.statusCode, reg.body).toBe(201);
    const python = spawn('python3', [QUIZ_MAIN, '--url', p.url, '--key', reg.json().apiKey.key], {
      stdio: 'pipe',
    });
    children.push(python);
    await new Promise<void>((resolve) =>
      python.stdout.on('data', (d) => String(d).includes('connected') && resolve()),
    );
    const { host, other } = await twoPlayers(owner.token, body.id, 'quiz_friend');
    // Each player answers every question it is shown with its first choice.
    for (const c of [host, other])
      c.on('message', (data) => {
        const m = data as { view?: { kind: string; options?: { value: string }[] }[] };
        const choices = m.view?.find((x) => x.kind === 'choices');
        if (choices?.options?.[0]) c.sendInput({ id: 'answer', value: choices.options[0].value });
      });
    await host.connect();
    await other.connect();
    await until(() => Object.keys(host.state?.players ?? {}).length === 2);
    const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
    host.configure('hard');
    const results = await ended;
    expect(results.players.map((r) => r.displayName).sort()).toEqual(['quiz_friend', 'quiz_owner']);
    expect(results.summary).toMatch(/wins the quiz/);
    await until(
      async () =>
        (await p.call('GET', `/v1/studios/${studio.id}/minigames/${body.id}`, { token: owner.token })).json()
          .plays === 1,
    );
  });
});
