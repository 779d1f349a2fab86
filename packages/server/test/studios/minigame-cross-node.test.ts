import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameResults } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { PostgresDb } from '../../src/storage/postgres-db.js';
import { client, until } from '../support/live.js';
import {
  buildServer,
  request,
  type ServerProcess,
  signUpAt,
  startServer,
} from '../support/server-process.js';

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const ready = Boolean(DATABASE_URL && REDIS_URL);
// A type id of its own: another run of this file may share the Redis (and its mini-game presence).
const DUEL = {
  id: `node-duel-${randomBytes(4).toString('hex')}`,
  name: 'Node Duel',
  minPlayers: 2,
  maxPlayers: 2,
  difficulties: ['easy'],
};

/**
 * A mini-game server (a plain WebSocket client) on one node's control socket: each player picks
 * a number, the higher one wins. It attaches through the same origin it connected to.
 */
function duelBot(base: string, key: string) {
  const ws = base.replace(/^http/, 'ws');
  const control = new WebSocket(`${ws}/v1/minigames/connect`);
  const sockets: WebSocket[] = [control];
  const attaches: { gameId: string }[] = [];
  control.on('open', () => control.send(JSON.stringify({ type: 'hello', key, protocolVersion: 1 })));
  let told: (code: string) => void = () => {};
  const closing = new Promise<string>((resolve) => (told = resolve));
  const welcomed = new Promise<void>((resolve) =>
    control.on('message', (d) => {
      const frame = JSON.parse(d.toString());
      if (frame.type === 'welcome') return resolve();
      if (frame.type === 'closing') return told(frame.code);
      if (frame.type !== 'attach') return;
      // A second attach for a game already played here is a reattach answer: counted, not used.
      if (attaches.some((a) => a.gameId === frame.gameId)) return void attaches.push(frame);
      attaches.push(frame);
      const game = new WebSocket(`${ws}${frame.path}`);
      sockets.push(game);
      const picks = new Map<string, number>();
      const send = (m: unknown) => game.send(JSON.stringify(m));
      game.on('open', () => send({ type: 'attach', token: frame.token }));
      game.on('message', (raw) => {
        const e = JSON.parse(raw.toString());
        if (e.type === 'start')
          for (const pl of e.players)
            send({ type: 'view', playerId: pl.playerId, view: [{ kind: 'heading', text: 'Pick a number' }] });
        if (e.type !== 'input' || typeof e.input?.pick !== 'number') return;
        picks.set(e.playerId, e.input.pick);
        if (picks.size < 2) return;
        const ranked = [...picks].sort((x, y) => y[1] - x[1]);
        send({
          type: 'results',
          results: { players: ranked.map(([playerId, score], i) => ({ playerId, score, rank: i + 1 })) },
        });
      });
    }),
  );
  return {
    welcomed,
    closing,
    attaches,
    reattach: (gameId: string) => control.send(JSON.stringify({ type: 'reattach', gameId })),
    close: () => sockets.forEach((s) => s.terminate()),
  };
}

describe.skipIf(!ready)(
  `a mini-game connected to node A serves a game created on node B${ready ? '' : ' (skipped: DATABASE_URL and REDIS_URL not set)'}`,
  () => {
    const schema = `mgnode_${randomBytes(5).toString('hex')}`;
    const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'parlor-node-')));
    // One schema, one Redis, one server key (every node opens every game's connect key).
    const shared = {
      DATABASE_URL: DATABASE_URL!,
      REDIS_URL: REDIS_URL!,
      PARLOR_DATABASE_SCHEMA: schema,
      PARLOR_SECRETS_KEY: randomBytes(32).toString('base64url'),
      PARLOR_CHAT_KEYS: `k1=${randomBytes(32).toString('base64')}`,
      PARLOR_LOGIN_IP_PER_MINUTE: '100000',
      PARLOR_REGISTER_IP_PER_HOUR: '100000',
      PARLOR_SWEEP_INTERVAL_SECONDS: '2',
    };
    let a: ServerProcess;
    let b: ServerProcess;
    let bot: ReturnType<typeof duelBot>;
    let owner: { token: string };
    let studioId: string;
    let keyId: string;
    const clients: GameClient[] = [];

    beforeAll(async () => {
      await buildServer();
      [a, b] = await Promise.all([
        startServer({ ...shared, PARLOR_DATA_DIR: dirs[0]! }),
        startServer({ ...shared, PARLOR_DATA_DIR: dirs[1]! }),
      ]);
      owner = await signUpAt(a.url, 'node_owner');
      const studio = await request(a.url, 'POST', '/v1/studios', {
        token: owner.token,
        body: { name: 'Node Studio' },
      });
      expect(studio.status, a.output()).toBe(201);
      const reg = await request(a.url, 'POST', `/v1/studios/${studio.body.id}/minigames`, {
        token: owner.token,
        body: DUEL,
      });
      expect(reg.status, a.output()).toBe(201);
      studioId = studio.body.id;
      keyId = reg.body.apiKey.id;
      bot = duelBot(a.url, reg.body.apiKey.key);
      await bot.welcomed;
    }, 120_000);
    afterAll(async () => {
      for (const c of clients) c.close();
      bot?.close();
      await Promise.all([a?.kill(), b?.kill()]);
      const db = await PostgresDb.open(DATABASE_URL!);
      await db.exec(`drop schema if exists ${schema} cascade`);
      await db.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    const connectedOn = async (node: ServerProcess) => {
      const res = await request(node.url, 'GET', '/v1/game-types', { token: owner.token });
      return res.body.gameTypes.find((t: { id: string }) => t.id === DUEL.id)?.connected as
        boolean | undefined;
    };

    it('B sees it connected, B creates the game, A delivers the attach, the game is played to the end', async () => {
      await until(async () => (await connectedOn(b)) === true);
      const asked = Date.now();
      const created = await request(b.url, 'POST', '/v1/games', {
        token: owner.token,
        body: { type: DUEL.id },
      });
      expect(created.status, b.output()).toBe(201);
      console.info(`a game made on B for A's mini-game server answered in ${Date.now() - asked} ms`);
      const friend = await signUpAt(b.url, 'node_friend');
      const joined = await request(b.url, 'POST', '/v1/games/join', {
        token: friend.token,
        body: { passcode: created.body.passcode },
      });
      expect(joined.status).toBe(200);
      expect(bot.attaches.map((f) => f.gameId)).toEqual([created.body.gameId]);
      const host = client(created.body);
      const other = client(joined.body);
      clients.push(host, other);
      await host.connect();
      await other.connect();
      await until(() => Object.keys(host.state?.players ?? {}).length === 2);

      // The control socket is on A, the game was made on B: a reattach is answered all the same.
      bot.reattach(created.body.gameId);
      await until(() => bot.attaches.length === 2);
      expect(bot.attaches[1]).toMatchObject({ type: 'attach', gameId: created.body.gameId });

      const shown: unknown[] = [];
      for (const c of [host, other]) c.on('message', (m) => shown.push(m));
      const ended = new Promise<GameResults>((resolve) => other.on('ended', resolve));
      host.configure('easy');
      await until(() => shown.length === 2);
      host.sendInput({ pick: 3 });
      other.sendInput({ pick: 7 });
      const results = await ended;
      expect(results.players.map((r) => [r.displayName, r.rank])).toEqual([
        ['node_friend', 1],
        ['node_owner', 2],
      ]);
    });

    it('a key rotated on B ends the connection it opened on A, and the new key connects again', async () => {
      // B remembers access decisions for up to 5 s; the owner's binding was made on A just now.
      const rotated = (await until(
        async () => {
          const res = await request(b.url, 'POST', `/v1/studios/${studioId}/api-keys/${keyId}/rotate`, {
            token: owner.token,
          });
          return res.status === 403 ? undefined : res;
        },
        { everyMs: 250 },
      ))!;
      expect(rotated.status, b.output()).toBe(200);
      expect(await bot.closing).toBe('MINIGAME_KEY_REFUSED');
      bot.close();
      await until(async () => (await connectedOn(b)) === false);
      bot = duelBot(a.url, rotated.body.key);
      await bot.welcomed;
      await until(async () => (await connectedOn(b)) === true);
    });

    it('once A is killed without a word, B stops counting its server and answers MINIGAME_OFFLINE', async () => {
      await a.kill('SIGKILL');
      const killed = Date.now();
      // Presence drops a silent node after its TTL (30 s by default); B reads it again every 5 s.
      await until(async () => (await connectedOn(b)) === false, { timeoutMs: 60_000, everyMs: 500 });
      console.info(`B stopped counting A's server ${Date.now() - killed} ms after A was killed`);
      const res = await request(b.url, 'POST', '/v1/games', { token: owner.token, body: { type: DUEL.id } });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('MINIGAME_OFFLINE');
      // A never wrote the end of its connection: B's sweep does, so the studio sees none open.
      const openOnes = async () => {
        const view = await request(b.url, 'GET', `/v1/studios/${studioId}/minigames/${DUEL.id}`, {
          token: owner.token,
        });
        return (view.body.connections as { endedAt: string | null; endReason: string | null }[]).filter(
          (c) => c.endedAt === null,
        );
      };
      await until(async () => (await openOnes()).length === 0, { timeoutMs: 30_000, everyMs: 500 });
      console.info(`and B's sweep ended its record ${Date.now() - killed} ms after`);
    }, 90_000);
  },
);
