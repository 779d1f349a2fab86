import fc from 'fast-check';
import { applyPatches, type Draft, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { PatchFrame, PatchReader, decodeFrame, encodeFrame, type StatePatch } from '@parlor/protocol';
import { PatchEncoder } from '../src/patch-encoder.js';
import { StateSync } from '../src/state-sync.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A player that joined at some point: its welcome, then every frame after it. */
class Follower {
  private readonly reader: PatchReader;
  state: Json;
  seq: number;
  constructor(welcome: { state: Json; seq: number; paths: unknown }) {
    const w = decodeFrame(encodeFrame(welcome)) as typeof welcome;
    this.state = w.state;
    this.seq = w.seq;
    this.reader = new PatchReader(w.paths as []);
  }
  receive(bytes: Uint8Array): void {
    const frame = PatchFrame.parse(decodeFrame(bytes));
    expect(frame[1]).toBe(this.seq + 1);
    this.seq = frame[1];
    this.state = applyPatches(this.state as object, this.reader.read(frame) as Patch[]) as Json;
  }
}

const KEYS = ['a', 'b', '0', '1', 'name', 'list'];
const leaf = fc.oneof(
  fc.integer({ min: -70_000, max: 70_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const step = fc.record({
  pick: fc.array(fc.nat(7), { maxLength: 4 }),
  action: fc.nat(5),
  key: fc.constantFrom(...KEYS),
  at: fc.nat(5),
  value,
  flush: fc.boolean(),
  join: fc.nat(9),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const containers = (node: Json): Json[] =>
  node !== null && typeof node === 'object'
    ? Object.values(node).filter((v) => v !== null && typeof v === 'object')
    : [];

/** A random change somewhere in the tree: set, delete, push, pop, splice, replace a subtree. */
function mutate(root: Draft<{ root: Json }>, s: Step): void {
  let node = root.root as Json;
  for (const n of s.pick) {
    const kids = containers(node);
    if (kids.length === 0) break;
    node = kids[n % kids.length]!;
  }
  if (Array.isArray(node)) {
    const i = node.length === 0 ? 0 : s.at % node.length;
    if (s.action === 0) node.push(s.value);
    else if (s.action === 1) node.pop();
    else if (s.action === 2 && node.length > 0) node[i] = s.value;
    else if (s.action === 3) node.splice(i, s.at % 2, s.value);
    else if (s.action === 4) node.splice(i, 1);
    else node.length = Math.min(node.length, s.at);
  } else if (node !== null && typeof node === 'object') {
    if (s.action === 1) delete node[s.key];
    else if (s.action === 5) root.root = s.value;
    else node[s.key] = s.action === 2 ? [] : s.action === 3 ? {} : s.value;
  }
}

describe('compact patch frames (docs/state-encoding.md)', () => {
  it('round-trips every op kind, names each path once and starts a new table on request', () => {
    const enc = new PatchEncoder();
    const reader = new PatchReader([]);
    const read = (bytes: Uint8Array) => reader.read(PatchFrame.parse(decodeFrame(bytes)));
    const batch: StatePatch[] = [
      { op: 'replace', path: ['game', 'x'], value: 300 },
      { op: 'add', path: ['game', 'list', 0], value: { name: 'a' } },
      { op: 'remove', path: ['players', '1'] },
    ];
    const first = enc.encode(1, batch);
    expect(decodeFrame(first)).toEqual([
      2,
      1,
      [0, 300, -1, 1, { name: 'a' }, -2, 2],
      [
        ['game', 'x'],
        ['game', 'list', 0],
        ['players', '1'],
      ],
    ]);
    expect(read(first)).toEqual(batch);
    const again = enc.encode(2, [{ op: 'replace', path: ['game', 'x'], value: 301 }]);
    expect(decodeFrame(again)).toEqual([1, 2, [0, 301]]);
    expect(read(again)).toEqual([{ op: 'replace', path: ['game', 'x'], value: 301 }]);
    // An index and a key that looks like one are different paths.
    expect(decodeFrame(enc.encode(3, [{ op: 'replace', path: ['game', 'list', '0'], value: 1 }]))).toEqual([
      1,
      3,
      [3, 1],
      [['game', 'list', '0']],
    ]);
    enc.startNewTable();
    const fresh = enc.encode(4, [{ op: 'replace', path: ['game', 'x'], value: 5 }]);
    expect(decodeFrame(fresh)).toEqual([2, 4, [0, 5], [['game', 'x']]]);
    expect(enc.table).toEqual([['game', 'x']]);
  });

  it('refuses frames that name unknown paths or lack a value', () => {
    expect(() => new PatchReader([]).read([1, 1, [0, 1]])).toThrow('unknown path id 0');
    expect(() => new PatchReader([['x']]).read([1, 1, [0]])).toThrow('op without a value');
    expect(() => new PatchReader([['x']]).read([1, 1, [-1, 'x', 2]])).toThrow('unknown path id');
    expect(PatchFrame.safeParse([3, 1, []]).success).toBe(false);
  });

  it("stays within Colyseus' 113 bytes on its own workload (10 entities, x and y every tick)", () => {
    const sync = new StateSync({
      entities: Array.from({ length: 10 }, (_, i) => ({ x: 500 + i, y: 900 - i })),
    });
    const enc = new PatchEncoder();
    const sizes: number[] = [];
    for (let t = 1; t <= 60; t++) {
      sync.change((d) => {
        for (const e of d.entities) {
          e.x = (e.x + 7 * t) % 1000;
          e.y = (e.y + 3 * t) % 1000;
        }
      });
      const batch = sync.flush()!;
      sizes.push(enc.encode(batch.seq + 300, batch.patches).length);
    }
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(113);
  });

  it('a player applying the frames ends with exactly the server state, whenever it joined (property)', () => {
    fc.assert(
      fc.property(
        value,
        fc.array(step, { maxLength: 40 }),
        fc.integer({ min: 2, max: 64 }),
        (init, steps, cap) => {
          const sync = new StateSync<{ root: Json }>({ root: init });
          const enc = new PatchEncoder(cap);
          // As the room does: the state as of the last frame, and the table as of it.
          const welcome = () => ({ state: sync.flushedState, seq: sync.seq, paths: enc.table });
          const players = [new Follower(welcome())];
          for (const s of steps) {
            sync.change((d) => mutate(d, s));
            if (s.join === 0) players.push(new Follower(welcome()));
            if (s.join === 1) enc.startNewTable();
            if (!s.flush) continue;
            const batch = sync.flush();
            if (!batch) continue;
            const frame = enc.encode(batch.seq, batch.patches);
            for (const p of players) p.receive(frame);
          }
          const last = sync.flush();
          if (last) {
            const frame = enc.encode(last.seq, last.patches);
            for (const p of players) p.receive(frame);
          }
          const truth = decodeFrame(encodeFrame(sync.state)) as { root: Json };
          for (const p of players) expect(p.state).toEqual(truth);
        },
      ),
      { numRuns: 400 },
    );
  });
});
