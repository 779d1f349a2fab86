import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { client, until } from '../support/live.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';
import { hostileMinigame, startAndAwaitClose, type Attack } from './minigame-hostile-kit.js';

// Real processes and sockets: each case attacks a fresh game of one hostile mini-game while a
// built-in game's lobby stays open beside it, and checks the platform still answers /healthz.
let p: TestParlor;
let hostile: Awaited<ReturnType<typeof hostileMinigame>>;
const clients: GameClient[] = [];
let bystander: GameClient;
const bystanderClosed: unknown[] = [];

beforeAll(async () => {
  p = await startTestParlor({}, { listen: true });
  hostile = await hostileMinigame(p, 'hostile-game');
  const other = await p.signUp('bystander_host');
  const created = await p.call('POST', '/v1/games', { token: other.token, body: { type: 'gem-rush' } });
  expect(created.statusCode, created.body).toBe(201);
  bystander = client(created.json());
  clients.push(bystander);
  bystander.on('closed', (r) => bystanderClosed.push(r));
  await bystander.connect();
});
afterAll(async () => {
  for (const c of clients) c.close();
  hostile?.close();
  await p.stop();
});

const each = (fn: (io: Parameters<Attack['onStart']>[0], ids: string[]) => void): Attack => ({
  onStart: (io, start) =>
    fn(
      io,
      start.players.map((x) => x.playerId),
    ),
});
const big = (bytes: number) => 'x'.repeat(bytes);

const ATTACKS: [string, Attack, RegExp][] = [
  ['malformed JSON', each((io) => io.raw('{"type": "state", ')), /does not accept/],
  ['a binary frame', each((io) => io.raw(Buffer.from('{"type":"state","state":{}}'), true)), /not JSON text/],
  ['a frame of unknown type', each((io) => io.send({ type: 'steal', what: 'tokens' })), /does not accept/],
  [
    'a frame over 16 KiB',
    each((io) => io.send({ type: 'state', state: { pad: big(17 * 1024) } })),
    /larger than|disconnected/,
  ],
  [
    'a flood past the burst',
    each((io) => {
      for (let i = 0; i < 400; i++) io.send({ type: 'state', state: { i } });
    }),
    /too many messages/,
  ],
  [
    // One frame holds at most 16 KiB, so a state grows past 32 KiB by what is added to it.
    'a state past 32 KiB',
    each((io) => {
      io.send({ type: 'state', state: { a: big(15_000) } });
      io.send({ type: 'patch', ops: [{ path: ['b'], value: big(15_000) }] });
      io.send({ type: 'patch', ops: [{ path: ['c'], value: big(15_000) }] });
    }),
    /state larger than/,
  ],
  [
    'patches that grow the state past 32 KiB',
    each((io) => {
      io.send({ type: 'state', state: {} });
      for (let i = 0; i < 5; i++) io.send({ type: 'patch', ops: [{ path: [`k${i}`], value: big(8_000) }] });
    }),
    /state larger than/,
  ],
  [
    'a state past 32 KiB in multi-byte characters',
    each((io) => {
      io.send({ type: 'state', state: { a: 'é'.repeat(5_000) } });
      for (let i = 0; i < 3; i++)
        io.send({ type: 'patch', ops: [{ path: [`k${i}`], value: 'é'.repeat(5_000) }] });
    }),
    /state larger than/,
  ],
  [
    'a view for a stranger',
    each((io) => io.send({ type: 'view', playerId: 'someone-else', view: [{ kind: 'text', text: 'hi' }] })),
    /not in this game/,
  ],
  [
    'a message for a stranger',
    each((io) => io.send({ type: 'message', to: 'nobody', data: 1 })),
    /not in this game/,
  ],
  [
    'too many timers',
    each((io) => {
      for (let i = 0; i < 17; i++) io.send({ type: 'timer', id: `t${i}`, ms: 60_000 });
    }),
    /too many timers/,
  ],
  [
    'results for a stranger',
    each((io) => io.send({ type: 'results', results: { players: [{ playerId: 'x', score: 1, rank: 1 }] } })),
    /not in this game/,
  ],
  [
    'a player twice in the results',
    each((io, [me]) =>
      io.send({
        type: 'results',
        results: { players: [1, 2].map((rank) => ({ playerId: me, score: rank, rank })) },
      }),
    ),
    /not in this game/,
  ],
  [
    'a score that is not finite',
    // JSON has no Infinity; 1e999 parses to it.
    each((io, [me]) =>
      io.raw(`{"type":"results","results":{"players":[{"playerId":"${me}","score":1e999,"rank":1}]}}`),
    ),
    /not sane|does not accept/,
  ],
];

describe('a hostile mini-game', () => {
  it.each(ATTACKS)('ends its game in plain words when it sends %s', async (_name, attack, words) => {
    hostile.use(attack);
    const { host } = await hostile.openGame(clients);
    const reason = await startAndAwaitClose(host);
    expect(reason.code).toBe('MINIGAME_FAILED');
    expect(reason.message).toMatch(words);
    expect(bystanderClosed).toEqual([]);
    expect(Object.keys(bystander.state?.players ?? {})).toHaveLength(1);
    expect((await p.call('GET', '/healthz')).statusCode).toBe(200);
  });

  it('ends a stalled game (attached, silent after start) in plain words', async () => {
    hostile.use(each(() => {}));
    const { host } = await hostile.openGame(clients);
    const reason = await startAndAwaitClose(host);
    expect(reason.code).toBe('MINIGAME_FAILED');
    expect(reason.message).toMatch(/stopped answering after the game started/);
    expect(bystanderClosed).toEqual([]);
  }, 30_000);

  it('passes HTML and script in component text on as plain text, unchanged', async () => {
    const evil = '<img src=x onerror="alert(1)"><script>fetch("/v1/me")</script>&amp;';
    hostile.use(
      each((io, [me]) => {
        io.send({ type: 'view', playerId: me, view: [{ kind: 'heading', text: evil }] });
        io.send({ type: 'message', to: '*', data: { html: evil } });
      }),
    );
    const { host } = await hostile.openGame(clients);
    const got: unknown[] = [];
    host.on('message', (m) => got.push(m));
    host.configure('easy');
    await until(() => got.length === 2);
    hostile.use(each(() => {}));
    expect(got).toEqual([
      { kind: 'view', view: [{ kind: 'heading', text: evil }] },
      { kind: 'message', data: { html: evil } },
    ]);
  });

  it("refuses another game's attach token, a replayed one and a second attach", async () => {
    hostile.use(
      each((io, [me]) => io.send({ type: 'view', playerId: me, view: [{ kind: 'text', text: 'on' }] })),
    );
    const first = await hostile.openGame(clients);
    const second = await hostile.openGame(clients);
    await until(() => hostile.attaches.length >= 2);
    const [a, b] = hostile.attaches.slice(-2) as [(typeof hostile.attaches)[0], (typeof hostile.attaches)[0]];
    const refused = closeCodeOf('MINIGAME_KEY_REFUSED');
    // Game B's path with game A's token; each token again on its own game (already used).
    expect(await hostile.attachWith(b.path, { type: 'attach', token: a.token })).toBe(refused);
    expect(await hostile.attachWith(a.path, { type: 'attach', token: a.token })).toBe(refused);
    expect(await hostile.attachWith(b.path, { type: 'attach', token: b.token })).toBe(refused);
    expect(await hostile.attachWith(a.path, { type: 'attach', token: 'forged.token' })).toBe(refused);
    // The games attacked keep their rightful mini-game: they still start and serve.
    for (const g of [first, second]) {
      const got: unknown[] = [];
      g.host.on('message', (m) => got.push(m));
      g.host.configure('easy');
      await until(() => got.length === 1);
      expect(got).toEqual([{ kind: 'view', view: [{ kind: 'text', text: 'on' }] }]);
    }
    expect(bystanderClosed).toEqual([]);
    expect((await p.call('GET', '/healthz')).statusCode).toBe(200);
  });
});
