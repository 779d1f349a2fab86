import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from './support/games.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let server: ReturnType<typeof gameServerOf>;
let admin: { token: string };
beforeAll(async () => {
  const fake = new FakeLauncher();
  p = await startTestParlor({ PARLOR_MAX_GAMES_PER_USER: '10' }, { launcher: fake });
  server = gameServerOf(p, fake);
  readyOnLaunch(p, fake);
  admin = await p.admin('report_admin');
});
afterAll(() => p.stop());

const KINDS = ['ready', 'heartbeat', 'status', 'host', 'revocations'] as const;
const BODIES: Record<(typeof KINDS)[number], unknown> = {
  ready: { port: 40_000 },
  heartbeat: { players: 1, phase: 'waiting' },
  status: { status: 'in_progress', difficulty: 'easy' },
  host: { playerId: 'someone' },
  revocations: { seen: [] },
};
const answerOf = (res: { statusCode: number; json(): { error: { code: string; message: string } } }) => ({
  status: res.statusCode,
  error: res.json().error,
});

describe("a game's internal report routes", () => {
  it('answer an unknown game, a game that is over and a wrong token alike, so no game id can be probed', async () => {
    const host = await p.signUp('probe_host');
    const live = await createGame(p, host.token);
    const over = await createGame(p, host.token);
    await p.call('DELETE', `/v1/games/${over.gameId}`, { token: host.token });
    const overToken = server.tokenOf(over.gameId);
    for (const kind of KINDS) {
      const body = BODIES[kind];
      const answers = [
        await server.report(randomUUID(), kind, body, 'x'.repeat(43)),
        await server.report('not-a-uuid', kind, body, 'x'.repeat(43)),
        await server.report(live.gameId, kind, body, 'x'.repeat(43)),
        await server.report(over.gameId, kind, body, overToken),
        await p.call('POST', `/v1/internal/games/${live.gameId}/${kind}`, { body }),
      ].map(answerOf);
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]!.status).toBe(401);
      expect(answers[0]!.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('authenticate before they validate: a session token with a malformed body gets 401, not 400', async () => {
    const host = await p.signUp('probe_body');
    const { gameId } = await createGame(p, host.token);
    for (const kind of KINDS) {
      const junk = await server.report(gameId, kind, { junk: true }, host.token);
      expect(answerOf(junk)).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } });
      const notJson = await p.call('POST', `/v1/internal/games/${gameId}/${kind}`, {
        token: host.token,
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      expect(notJson.statusCode).toBe(401);
    }
    // With the game's own token the same malformed body is a validation error.
    const own = await server.report(gameId, 'heartbeat', { junk: true });
    expect(own.statusCode).toBe(400);
  });

  it('a revocation is offered to the next poll even if none was open, and once seen is not offered again', async () => {
    const player = await p.signUp('poll_player');
    const { gameId } = await createGame(p, player.token);
    const poll = (seen: string[]) =>
      p.call('POST', `/v1/internal/games/${gameId}/revocations`, {
        token: server.tokenOf(gameId),
        body: { seen },
      });
    await p.call('POST', `/v1/admin/users/${player.userId}/deauthenticate`, { token: admin.token });
    const first = (await poll([])).json().revocations;
    expect(first).toEqual([expect.objectContaining({ reason: 'deauthenticated' })]);

    // Held until something new comes: the second revocation only, not the one already seen.
    const held = poll([first[0].id]);
    await new Promise((r) => setTimeout(r, 100));
    const again = await p.call('POST', '/v1/sessions', {
      body: { username: 'poll_player', password: PASSWORD },
    });
    await p.call('DELETE', '/v1/sessions', { token: again.json().token });
    const second = (await held).json().revocations;
    expect(second).toEqual([expect.objectContaining({ reason: 'logged_out_everywhere' })]);
    expect(second[0].id).not.toBe(first[0].id);
    expect(second[0].playerId).toBe(first[0].playerId);
  });
});
