import WebSocket from 'ws';
import { expect } from 'vitest';
import type { GameClient } from '@parlor/sdk';
import { createStudio } from '../support/studios.js';
import { client, until } from '../support/live.js';
import type { TestParlor } from '../support/test-parlor.js';

/** What a hostile mini-game does once its game starts: `send` writes a text frame, `raw` anything. */
export interface Attack {
  onStart(io: AttackIo, start: { players: { playerId: string; displayName: string }[] }): void;
}
export interface AttackIo {
  send(frame: unknown): void;
  raw(data: string | Buffer, binary?: boolean): void;
}

/**
 * One registered mini-game whose control socket hands each game to whatever attack is current,
 * so one file can attack many games in turn without registering a mini-game per case.
 */
export async function hostileMinigame(p: TestParlor, id: string) {
  const owner = await p.signUp(`${id.replace(/-/g, '_')}_owner`);
  const studio = await createStudio(p, owner.token, `${id} studio`);
  const reg = await p.call('POST', `/v1/studios/${studio.id}/minigames`, {
    token: owner.token,
    body: { id, name: id, minPlayers: 1, maxPlayers: 4, difficulties: ['easy'] },
  });
  expect(reg.statusCode, reg.body).toBe(201);
  const key: string = reg.json().apiKey.key;
  const sockets: WebSocket[] = [];
  const attaches: { gameId: string; path: string; token: string }[] = [];
  const state = { attack: null as Attack | null };
  const wsBase = p.url.replace(/^http/, 'ws');
  const control = new WebSocket(`${wsBase}/v1/minigames/connect`);
  sockets.push(control);
  control.on('open', () => control.send(JSON.stringify({ type: 'hello', key, protocolVersion: 1 })));
  const welcomed = new Promise<void>((resolve) => control.once('message', () => resolve()));
  control.on('message', (d) => {
    const frame = JSON.parse(d.toString());
    if (frame.type !== 'attach') return;
    attaches.push(frame);
    const attack = state.attack;
    const game = new WebSocket(`${wsBase}${frame.path}`);
    sockets.push(game);
    const io: AttackIo = {
      send: (m) => game.readyState === game.OPEN && game.send(JSON.stringify(m)),
      raw: (data, binary) => game.readyState === game.OPEN && game.send(data, { binary: !!binary }),
    };
    game.on('open', () => io.send({ type: 'attach', token: frame.token }));
    game.on('message', (raw) => {
      const e = JSON.parse(raw.toString());
      if (e.type === 'start') attack?.onStart(io, e);
    });
  });
  await welcomed;
  return {
    key,
    owner,
    studio,
    attaches,
    use(attack: Attack) {
      state.attack = attack;
    },
    /** Opens a game of this mini-game with one player; resolves once the player is in. */
    async openGame(clients: GameClient[]) {
      // A new host each time: one user may host only a few games at once.
      const hostUser = await p.signUp(`h${attaches.length}_${id.replace(/-/g, '_')}`.slice(0, 30));
      const created = await p.call('POST', '/v1/games', { token: hostUser.token, body: { type: id } });
      expect(created.statusCode, created.body).toBe(201);
      const host = client(created.json());
      clients.push(host);
      await host.connect();
      await until(() => Object.keys(host.state?.players ?? {}).length === 1);
      return { host, gameId: created.json().id as string };
    },
    /** Opens a raw socket to a game path and sends `first`: the close code it gets. */
    attachWith(path: string, first: unknown): Promise<number> {
      const ws = new WebSocket(`${wsBase}${path}`);
      sockets.push(ws);
      ws.on('open', () => ws.send(JSON.stringify(first)));
      return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    },
    close() {
      for (const s of sockets) s.terminate();
    },
  };
}

/** Starts the host's game and waits for its end: how the players were told. */
export function startAndAwaitClose(host: GameClient): Promise<{ code?: string; message?: string }> {
  const told = new Promise<{ code?: string; message?: string }>((resolve) => host.on('closed', resolve));
  host.configure('easy');
  return told;
}
