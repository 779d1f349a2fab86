import { request } from 'node:https';
import { GameClient } from '@parlor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { QUICK_GAME_SERVER, until } from './support/live.js';
import { NGINX, nginxProxy, type NginxProxy } from './support/nginx-proxy.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// Parlor behind Debian's nginx terminating TLS (support/nginx-proxy.ts: a certificate made here,
// the site file the deployment guide documents). Players reach the API and the game sockets
// (wss://, relayed by Parlor) through the proxy's one origin.
if (!NGINX) console.warn('behind-nginx tests skipped: nginx is not installed (apt-get install nginx-light)');

let p: TestParlor;
let proxy: NginxProxy;
let origin: string;
let ca: Buffer;

/** JSON over HTTPS through the proxy, trusting only the test's certificate. */
function call(method: string, route: string, body?: unknown, token?: string) {
  return new Promise<{ status: number; json: any }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${origin}${route}`,
      {
        method,
        ca,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `ws` trusting the test's certificate, in the shape GameClient takes (a browser's WebSocket). */
class TrustingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[], options?: ClientOptions) {
    super(url, protocols, { ...options, ca, origin });
  }
}

async function signUp(username: string): Promise<string> {
  expect((await call('POST', '/v1/accounts', { username, password: PASSWORD })).status).toBe(201);
  const session = await call('POST', '/v1/sessions', { username, password: PASSWORD });
  expect(session.status).toBe(201);
  return session.json.token;
}

describe.skipIf(!NGINX)('behind nginx terminating TLS', () => {
  beforeAll(async () => {
    proxy = await nginxProxy();
    ({ origin, ca } = proxy);
    p = await startTestParlor(
      { PARLOR_PUBLIC_URL: origin, PARLOR_TRUST_PROXY: 'true' },
      { listen: true, gameServerEntry: QUICK_GAME_SERVER },
    );
    await proxy.start(Number(new URL(p.url).port));
  });
  afterAll(async () => {
    await proxy?.stop();
    await p?.stop();
  });

  it('register, create a game, and play it over wss:// on the proxy’s one origin', async () => {
    const hostToken = await signUp('proxied_host');
    const friendToken = await signUp('proxied_friend');
    const created = await call('POST', '/v1/games', { type: 'gem-rush' }, hostToken);
    expect(created.status).toBe(201);
    const game = created.json;
    // The socket URL is the proxy's origin, as PARLOR_PUBLIC_URL says, over TLS.
    expect(game.url).toBe(`${origin.replace('https', 'wss')}/v1/games/${game.gameId}/socket`);
    const joined = (await call('POST', '/v1/games/join', { passcode: game.passcode }, friendToken)).json;

    const players = [game, joined].map(
      (t) =>
        new GameClient({
          url: t.url,
          token: t.connectToken,
          WebSocket: TrustingWebSocket,
          autoResume: false,
        }),
    );
    try {
      for (const c of players) await c.connect();
      const [host, friend] = players as [GameClient, GameClient];
      expect(host.isHost).toBe(true);
      expect(friend.isHost).toBe(false);
      await until(() => Object.keys(host.state?.players ?? {}).length === 2);
      const ended = new Promise((resolve) => friend.on('ended', resolve));
      host.configure('easy');
      host.sendInput({ x: 1, y: 0 });
      expect(await ended).toMatchObject({ players: expect.any(Array) });
      // Players may hear `ended` a moment before the control plane has the game server's report.
      await until(
        async () =>
          (await call('GET', `/v1/games/${game.gameId}`, undefined, hostToken)).json.status === 'finished',
      );
    } finally {
      for (const c of players) c.close();
    }
  });

  it('a game socket from a foreign origin is refused at the relay, through the proxy', async () => {
    const token = await signUp('proxied_foreign');
    const game = (await call('POST', '/v1/games', { type: 'gem-rush' }, token)).json;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(game.url, { ca, origin: 'https://elsewhere.example' });
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });
    expect(status).toBe(403);
  });
});
