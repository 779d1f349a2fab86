import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf, encodeFrame } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { WebSocket } from 'ws';
import { client, QUICK_GAME_SERVER } from './support/live.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// Real processes: the Parlor listens, game servers are forked, players use the SDK and raw
// sockets. Each trigger must put the player out of their game within a second, with the
// reason, and leave them no way back in with what they held before.
let p: TestParlor;
let admin: { token: string; userId: string };
const clients: GameClient[] = [];
const figures: Record<string, number> = {};
beforeAll(async () => {
  p = await startTestParlor(
    { PARLOR_GAME_HEARTBEAT_INTERVAL_MS: '200' },
    { listen: true, gameServerEntry: QUICK_GAME_SERVER },
  );
  admin = await p.admin('revoke_admin');
});
afterAll(async () => {
  for (const c of clients) c.close();
  await p.stop();
  console.info('game socket closed after the trigger answered (ms):', figures);
});

/** The close code a fresh socket gets for its one first frame (a welcome means 0). */
async function firstFrameCode(url: string, frame: object): Promise<number> {
  const ws = new WebSocket(url);
  return new Promise((resolve) => {
    ws.on('error', () => {});
    ws.once('open', () => ws.send(encodeFrame(frame)));
    ws.on('message', () => {});
    ws.once('close', (code) => resolve(code));
    ws.once('message', (data) => {
      if ((data as Buffer).includes(Buffer.from('welcome'))) {
        resolve(0);
        ws.close();
      }
    });
  });
}

/** `name` plays a game with a friend; returns what they hold: socket, resume token, a spare token. */
async function inAGame(name: string) {
  const user = await p.signUp(name);
  const friend = await p.signUp(`${name}_friend`);
  const game = (await p.call('POST', '/v1/games', { token: user.token, body: { type: 'gem-rush' } })).json();
  const player = client(game);
  clients.push(player);
  const welcome = await player.connect();
  const ticket = (
    await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } })
  ).json();
  const friendClient = client(ticket);
  clients.push(friendClient);
  await friendClient.connect();
  const spare = (
    await p.call('POST', `/v1/games/${game.gameId}/connect-token`, { token: user.token })
  ).json();
  const closed = new Promise<{ code?: string; message?: string; at: number }>((resolve) =>
    player.on('closed', (reason) => resolve({ ...reason, at: Date.now() })),
  );
  return { user, game, player, friendClient, resumeToken: welcome.resumeToken, spare, closed };
}

const TRIGGERS: {
  name: string;
  reason: RegExp;
  run(user: { token: string; userId: string }): Promise<number>;
}[] = [
  {
    name: 'deauthentication',
    reason: /administrator signed you out/,
    run: async (u) =>
      (await p.call('POST', `/v1/admin/users/${u.userId}/deauthenticate`, { token: admin.token })).statusCode,
  },
  {
    name: 'disabling',
    reason: /account was disabled/,
    run: async (u) =>
      (
        await p.call('PATCH', `/v1/admin/users/${u.userId}`, {
          token: admin.token,
          body: { disabled: true },
        })
      ).statusCode,
  },
  {
    name: 'logout everywhere',
    reason: /signed out everywhere/,
    run: async (u) => (await p.call('DELETE', '/v1/sessions', { token: u.token })).statusCode,
  },
  {
    name: 'a password change',
    reason: /password was changed/,
    run: async (u) =>
      (
        await p.call('PUT', '/v1/me/password', {
          token: u.token,
          body: { currentPassword: PASSWORD, newPassword: 'another long enough passphrase' },
        })
      ).statusCode,
  },
];

describe("ending a user's sessions reaches their game sockets", () => {
  for (const trigger of TRIGGERS)
    it(`${trigger.name} closes the game socket within 1 s with the reason; the old resume and connect tokens are refused`, async () => {
      const held = await inAGame(`rv_${trigger.name.replace(/\W/g, '').slice(0, 12)}`);
      const status = await trigger.run(held.user);
      const answered = Date.now();
      expect(status).toBeLessThan(300);
      const closed = await held.closed;
      figures[trigger.name] = closed.at - answered;
      expect(closed.code).toBe('SESSION_ENDED');
      expect(closed.message).toMatch(trigger.reason);
      expect(closed.at - answered).toBeLessThan(1_000);

      // Nothing they held before lets them back in.
      expect(await firstFrameCode(held.game.url, { type: 'resume', token: held.resumeToken })).toBe(
        closeCodeOf('RESUME_INVALID'),
      );
      expect(await firstFrameCode(held.game.url, { type: 'hello', token: held.spare.connectToken })).toBe(
        closeCodeOf('SESSION_ENDED'),
      );
      // The friend plays on.
      expect(held.friendClient.connected).toBe(true);
    });

  it('a deauthenticated player who signs in again gets back into their seat', async () => {
    const held = await inAGame('rv_comeback');
    await p.call('POST', `/v1/admin/users/${held.user.userId}/deauthenticate`, { token: admin.token });
    await held.closed;
    const again = await p.call('POST', '/v1/sessions', {
      body: { username: 'rv_comeback', password: PASSWORD },
    });
    const token = again.json().token as string;
    // Tokens minted within the revocation's 2 s clock-skew margin are refused like older ones;
    // one minted later is let in, into the seat the player had.
    for (let attempt = 0; ; attempt++) {
      const fresh = (await p.call('POST', `/v1/games/${held.game.gameId}/connect-token`, { token })).json();
      const back = client(fresh);
      clients.push(back);
      try {
        const welcome = await back.connect();
        expect(welcome.playerId).toBe(held.player.playerId);
        break;
      } catch (err) {
        expect((err as { code?: string }).code).toBe('SESSION_ENDED');
        if (attempt > 20) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });
});
