import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from '../support/fake-launcher.js';
import { gameServerOf, readyOnLaunch } from '../support/games.js';
import { createStudio } from '../support/studios.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

const DUEL = { id: 'ends-duel', name: 'Ends Duel', minPlayers: 1, maxPlayers: 4, difficulties: ['easy'] };
const STALLED = 'The mini-game server stopped answering after the game started; the game has ended';

let p: TestParlor;
let fake: FakeLauncher;
let owner: { token: string; userId: string };
let studioId: string;
let control: WebSocket;
const controlFrames: { type: string; gameId?: string; token?: string }[] = [];
const gamesUrl = (limit?: number | string) =>
  `/v1/studios/${studioId}/minigames/${DUEL.id}/games${limit === undefined ? '' : `?limit=${limit}`}`;

beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor(
    { PARLOR_MINIGAME_STALL_SECONDS: '7', PARLOR_MAX_GAMES_PER_USER: '20' },
    { launcher: fake, listen: true },
  );
  readyOnLaunch(p, fake);
  owner = await p.signUp('ends_owner');
  studioId = (await createStudio(p, owner.token, 'Ends Studio')).id;
  const reg = await p.call('POST', `/v1/studios/${studioId}/minigames`, { token: owner.token, body: DUEL });
  expect(reg.statusCode, reg.body).toBe(201);
  // A connected server of the mini-game, so its games can be created (it never attaches here).
  control = new WebSocket(`${p.url.replace(/^http/, 'ws')}/v1/minigames/connect`);
  const key = reg.json().apiKey.key;
  control.on('open', () => control.send(JSON.stringify({ type: 'hello', key, protocolVersion: 1 })));
  control.on('message', (d) => controlFrames.push(JSON.parse(d.toString())));
  await new Promise((resolve) => control.once('message', resolve));
});
afterAll(async () => {
  control.terminate();
  await p.stop();
});

async function newGame(): Promise<string> {
  const res = await p.call('POST', '/v1/games', { token: owner.token, body: { type: DUEL.id } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().gameId;
}

describe("how a mini-game's games ended, as its studio reads it", () => {
  it('hands the stall setting to the game server, and lists each game with its reason and code', async () => {
    const { report } = gameServerOf(p, fake);
    const failed = await newGame();
    expect(fake.specs.get(failed)!.minigame).toMatchObject({
      id: DUEL.id,
      stallMs: 7_000,
      reconnectGraceMs: 10_000,
    });
    expect((await report(failed, 'status', { status: 'in_progress', difficulty: 'easy' })).statusCode).toBe(
      200,
    );
    const told = await report(failed, 'status', {
      status: 'failed',
      code: 'MINIGAME_FAILED',
      reason: STALLED,
    });
    expect(told.json()).toEqual({ ack: true });
    const abandoned = await newGame();
    expect((await report(abandoned, 'status', { status: 'abandoned' })).statusCode).toBe(200);
    const running = await newGame();

    const res = await p.call('GET', gamesUrl(), { token: owner.token });
    expect(res.statusCode, res.body).toBe(200);
    const games = res.json().games;
    expect(games.map((g: { id: string }) => g.id)).toEqual([running, abandoned, failed]);
    expect(games[2]).toMatchObject({
      outcome: 'failed',
      status: 'failed',
      reason: STALLED,
      code: 'MINIGAME_FAILED',
      players: 1,
      startedAt: expect.any(String),
      endedAt: expect.any(String),
    });
    expect(games[1]).toMatchObject({ outcome: 'abandoned', code: null, endedAt: expect.any(String) });
    expect(games[0]).toMatchObject({ outcome: 'running', reason: null, endedAt: null });
    // No player's identity in it: not the owner's id, nor their name.
    expect(res.body).not.toContain(owner.userId);
    expect(res.body).not.toContain('ends_owner');
    const one = await p.call('GET', gamesUrl(1), { token: owner.token });
    expect(one.json().games.map((g: { id: string }) => g.id)).toEqual([running]);
  });

  it('refuses a failure report with a code outside the catalogue or words past the bound', async () => {
    const { report } = gameServerOf(p, fake);
    const gameId = await newGame();
    for (const body of [
      { status: 'failed', code: 'NOT_A_CODE', reason: 'x' },
      { status: 'failed', code: 'MINIGAME_FAILED', reason: 'x'.repeat(201) },
      { status: 'failed', code: 'MINIGAME_FAILED', reason: '' },
    ]) {
      const res = await report(gameId, 'status', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('is for the studio’s owners and admins only, and bounds the limit', async () => {
    const stranger = await p.signUp('ends_stranger');
    expect((await p.call('GET', gamesUrl(), { token: stranger.token })).statusCode).toBe(403);
    const admin = await p.admin();
    expect((await p.call('GET', gamesUrl(), { token: admin.token })).statusCode).toBe(200);
    for (const limit of [0, 101, 'x'])
      expect((await p.call('GET', gamesUrl(limit), { token: owner.token })).statusCode).toBe(400);
    const missing = `/v1/studios/${studioId}/minigames/no-such-game/games`;
    expect((await p.call('GET', missing, { token: owner.token })).statusCode).toBe(404);
  });
});

describe('reattach on the control socket', () => {
  it('answers a fresh attach for a running game of this mini-game, and nothing for any other', async () => {
    const running = await newGame();
    const over = await newGame();
    await gameServerOf(p, fake).report(over, 'status', { status: 'abandoned' });
    const builtIn = await p.call('POST', '/v1/games', { token: owner.token, body: { type: 'gem-rush' } });
    const attaches = () => controlFrames.filter((f) => f.type === 'attach');
    const before = attaches().length;
    const firstToken = attaches().find((f) => f.gameId === running)!.token;
    for (const other of [over, builtIn.json().gameId, 'not-a-game', running]) {
      control.send(JSON.stringify({ type: 'reattach', gameId: other }));
      // A good request after each: its answer comes after the refusal would have.
      control.send(JSON.stringify({ type: 'reattach', gameId: running }));
      const want = attaches().length + (other === running ? 2 : 1);
      await expect.poll(() => attaches().length).toBe(want);
    }
    const fresh = attaches().slice(before);
    expect(fresh.every((f) => f.gameId === running)).toBe(true);
    expect(fresh).toHaveLength(5);
    expect(new Set(fresh.map((f) => f.token)).size).toBe(5);
    expect(fresh.map((f) => f.token)).not.toContain(firstToken);
  });
});
