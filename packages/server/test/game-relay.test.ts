import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameResults } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, readyOnLaunch } from './support/games.js';
import { client, QUICK_GAME_SERVER, until } from './support/live.js';
import { dialWitness, tryUpgrade } from './support/raw-upgrade.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

// Real processes and sockets: a listening Parlor, forked game servers, players over the relay.
let p: TestParlor;
const clients: GameClient[] = [];
beforeAll(async () => {
  p = await startTestParlor(
    { PARLOR_GAME_RELAY_MAX_PER_ADDRESS: '3', PARLOR_MAX_GAMES_PER_USER: '10' },
    { listen: true, gameServerEntry: QUICK_GAME_SERVER },
  );
});
afterAll(async () => {
  for (const c of clients) c.close();
  await p.stop();
});

const relayUrl = (gameId: string) => `${p.url.replace(/^http/, 'ws')}/v1/games/${gameId}/socket`;
const connect = async (ticket: { url: string; connectToken: string }) => {
  const c = client(ticket);
  clients.push(c);
  await c.connect();
  return c;
};
async function newGame(name: string) {
  const host = await p.signUp(name);
  const res = await p.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } });
  expect(res.statusCode).toBe(201);
  return {
    host,
    game: res.json() as { gameId: string; url: string; connectToken: string; passcode: string },
  };
}
const pointAt = (gameId: string, port: number) =>
  p.db.query(`update games set private_host = '127.0.0.1', private_port = $2 where id = $1`, [gameId, port]);

describe('game sockets through the control plane', () => {
  it('create, join, reconnect and the game view all answer the relay URL; a whole game plays through it', async () => {
    const { host, game } = await newGame('relay_host');
    expect(game.url).toBe(relayUrl(game.gameId));
    const friend = await p.signUp('relay_friend');
    const joined = (
      await p.call('POST', '/v1/games/join', { token: friend.token, body: { passcode: game.passcode } })
    ).json();
    expect(joined.url).toBe(relayUrl(game.gameId));
    const again = await p.call('POST', `/v1/games/${game.gameId}/connect-token`, { token: friend.token });
    expect(again.json().url).toBe(relayUrl(game.gameId));
    const view = (await p.call('GET', `/v1/games/${game.gameId}`, { token: host.token })).json();
    expect(view.url).toBe(relayUrl(game.gameId));

    // The connect token goes in the first frame, to the game server, which does the handshake.
    const hostClient = await connect(game);
    const friendClient = await connect(joined);
    expect(hostClient.isHost).toBe(true);
    await until(() => Object.keys(hostClient.state?.players ?? {}).length === 2);
    const ended = new Promise<GameResults>((resolve) => friendClient.on('ended', resolve));
    // The round length is the host's choice beside the difficulty (this fixture shortens it anyway).
    hostClient.configure('easy', { roundMinutes: 1 });
    hostClient.sendInput({ x: 1, y: 0 });
    // The results frame names the players, from their connect tokens.
    const names = (await ended).players.map((r) => r.displayName).sort();
    expect(names).toEqual(['relay_friend', 'relay_host']);
    await until(
      async () =>
        (await p.call('GET', `/v1/games/${game.gameId}`, { token: host.token })).json().status === 'finished',
    );
  });

  it('a game everybody leaves ends as abandoned, reported by its real game server', async () => {
    const { host, game } = await newGame('relay_leaver');
    const c = await connect(game);
    c.leave();
    await until(async () => {
      const view = (await p.call('GET', `/v1/games/${game.gameId}`, { token: host.token })).json();
      return view.status === 'ended' && view.endReason === 'abandoned';
    });
  });

  it('refuses before dialling anything: no upgrade, bad or unknown id, a game that is over, a foreign origin', async () => {
    const witness = await dialWitness();
    try {
      const plain = await p.call('GET', `/v1/games/${randomUUID()}/socket`);
      expect([plain.statusCode, plain.json().error.code]).toEqual([426, 'UPGRADE_REQUIRED']);
      expect(await tryUpgrade(relayUrl('not-a-uuid'))).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(await tryUpgrade(relayUrl(randomUUID()))).toMatchObject({ status: 404, code: 'NOT_FOUND' });

      const { host, game } = await newGame('relay_over');
      await pointAt(game.gameId, witness.port);
      const foreign = await tryUpgrade(game.url, { origin: 'https://elsewhere.example' });
      expect(foreign).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await p.call('DELETE', `/v1/games/${game.gameId}`, { token: host.token })).statusCode).toBe(
        204,
      );
      expect(await tryUpgrade(game.url)).toMatchObject({ status: 410, code: 'GAME_OVER' });
      expect(witness.dials()).toBe(0);
    } finally {
      await witness.close();
    }
  });

  it('forwards only the WebSocket handshake: no cookie, no authorization, no origin reach the game server', async () => {
    const { host, game } = await newGame('relay_headers');
    const witness = await dialWitness();
    try {
      await pointAt(game.gameId, witness.port);
      const opening = tryUpgrade(game.url, {
        origin: p.url,
        cookie: 'session=secret-cookie',
        authorization: `Bearer ${host.token}`,
      }).catch(() => null);
      const forwarded = await until(() =>
        witness.received().includes('\r\n\r\n') ? witness.received() : null,
      );
      expect(forwarded).toMatch(new RegExp(`^GET /v1/games/${game.gameId}/socket HTTP/1.1\r\n`));
      expect(forwarded).toMatch(/^upgrade: websocket$/im);
      expect(forwarded).toMatch(/^sec-websocket-key: \S+$/im);
      expect(forwarded).not.toMatch(/secret-cookie|authorization|origin:/i);
      expect(forwarded).not.toContain(host.token);
      await witness.close();
      await opening;
    } finally {
      await witness.close();
    }
  });

  it('a game server that cannot be reached is a 503 to retry, not a hang', async () => {
    const { game } = await newGame('relay_gone');
    const witness = await dialWitness();
    const closedPort = witness.port;
    await witness.close();
    await pointAt(game.gameId, closedPort);
    expect(await tryUpgrade(game.url)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
  });

  it('the own origin may open game sockets; relayed sockets are capped per address and freed on close', async () => {
    const { game } = await newGame('relay_cap');
    const own = await tryUpgrade(game.url, { origin: p.url });
    expect(own.status).toBe(101);
    const more = [await tryUpgrade(game.url), await tryUpgrade(game.url)];
    expect(more.map((o) => o.status)).toEqual([101, 101]);
    // Three are open from this address: the fourth is refused until one closes.
    expect(await tryUpgrade(game.url)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    const metrics = (await p.call('GET', '/metrics')).body;
    expect(Number(/^parlor_game_relay_sockets (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    own.ws!.close();
    const reopened = await until(async () => {
      const outcome = await tryUpgrade(game.url);
      return outcome.status === 101 ? outcome : null;
    });
    for (const o of [...more, reopened]) o?.ws?.close();
  });
});

describe('direct mode', () => {
  it('PARLOR_GAME_CONNECT=direct hands out the game server’s own address, on a port from PARLOR_GAME_PORT_RANGE', async () => {
    const base = 41_000 + Math.floor(Math.random() * 2_000) * 10;
    const direct = await startTestParlor(
      { PARLOR_GAME_CONNECT: 'direct', PARLOR_GAME_PORT_RANGE: `${base}-${base + 9}` },
      { listen: true, gameServerEntry: QUICK_GAME_SERVER },
    );
    try {
      const host = await direct.signUp('direct_host');
      const game = (
        await direct.call('POST', '/v1/games', { token: host.token, body: { type: 'gem-rush' } })
      ).json();
      const port = Number(/^ws:\/\/127\.0\.0\.1:(\d+)$/.exec(game.url)?.[1]);
      expect(port).toBeGreaterThanOrEqual(base);
      expect(port).toBeLessThanOrEqual(base + 9);
      const c = client(game);
      await c.connect();
      expect(c.isHost).toBe(true);
      c.close();
    } finally {
      await direct.stop();
    }
  });
});

describe('the public origin', () => {
  it('PARLOR_PUBLIC_URL names the origin (and path) of socket URLs: wss:// behind an HTTPS proxy', async () => {
    const fake = new FakeLauncher();
    const behind = await startTestParlor(
      { PARLOR_PUBLIC_URL: 'https://parlor.example/play/' },
      { launcher: fake },
    );
    readyOnLaunch(behind, fake);
    try {
      const host = await behind.signUp('public_host');
      const game = await createGame(behind, host.token);
      expect(game.url).toBe(`wss://parlor.example/play/v1/games/${game.gameId}/socket`);
    } finally {
      await behind.stop();
    }
  });

  it('without it, the scheme and Host the request came with; forwarded ones only behind a trusted proxy', async () => {
    const fake = new FakeLauncher();
    const proxied = await startTestParlor({ PARLOR_TRUST_PROXY: 'true' }, { launcher: fake, listen: true });
    readyOnLaunch(proxied, fake);
    try {
      const host = await proxied.signUp('forwarded_host');
      const res = await proxied.call('POST', '/v1/games', {
        token: host.token,
        body: { type: 'gem-rush' },
        headers: { host: 'inside:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'games.example' },
      });
      expect(res.json().url).toBe(`wss://games.example/v1/games/${res.json().gameId}/socket`);
      // A Host that is no plain host name is not turned into a URL: the listening address is.
      const odd = await proxied.call('POST', `/v1/games/${res.json().gameId}/connect-token`, {
        token: host.token,
        headers: { host: 'evil.example/path?x=', 'x-forwarded-host': 'a b' },
      });
      expect(odd.json().url).toBe(
        `${proxied.url.replace(/^http/, 'ws')}/v1/games/${res.json().gameId}/socket`,
      );
    } finally {
      await proxied.stop();
    }
  });
});
