import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, readyOnLaunch } from './support/games.js';
import { connectAs } from './support/realtime-client.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let fake: FakeLauncher;
let url: string;
beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor({}, { launcher: fake });
  readyOnLaunch(p, fake);
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => p.stop());

describe('players are told when their game ends', () => {
  it("a lost game server: every player's realtime socket gets a `game` frame saying it failed", async () => {
    const host = await p.signUp('notice_host');
    const friend = await p.signUp('notice_friend');
    const outsider = await p.signUp('notice_outsider');
    const game = await createGame(p, host.token);
    await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } });
    const sockets = await Promise.all([host, friend, outsider].map((u) => connectAs(url, u.token)));

    fake.crash(game.gameId);
    for (const socket of sockets.slice(0, 2)) {
      const frame = await socket.next('game');
      expect(frame).toMatchObject({ gameId: game.gameId, status: 'failed' });
      expect(frame.reason).toMatch(/game server/);
    }
    // The outsider hears nothing of it.
    sockets[2]!.send({ type: 'ping', ref: 'p1' });
    await sockets[2]!.next('pong', (f) => f.ref === 'p1');
    expect(sockets[2]!.frames.some((f) => f.type === 'game')).toBe(false);
    for (const s of sockets) s.close();
  });

  it('the host ending the game: players hear `ended`', async () => {
    const host = await p.signUp('notice_host2');
    const game = await createGame(p, host.token);
    const socket = await connectAs(url, host.token);
    await p.call('DELETE', `/v1/games/${game.gameId}`, { token: host.token });
    expect(await socket.next('game')).toMatchObject({
      gameId: game.gameId,
      status: 'ended',
      reason: 'ended by the host',
    });
    socket.close();
  });
});
