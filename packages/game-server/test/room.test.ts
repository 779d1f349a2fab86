import { applyPatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { PatchFrame, PatchReader, decodeFrame, type ServerMessage } from '@parlor/protocol';
import type { Farewell, PlayerConnection } from '../src/connection.js';
import { silentLogger } from '../src/logger.js';
import { GameRoom, type RoomOutcome } from '../src/room.js';
import { ReplayGuard } from '../src/replay-guard.js';
import { TokenBucket } from '../src/token-bucket.js';
import { ManualClock } from '@parlor/protocol';
import { counterGame } from './test-game.js';

class FakeConnection implements PlayerConnection {
  readonly received: ServerMessage[] = [];
  /** Patch frames (arrays), as decoded. */
  readonly frames: unknown[] = [];
  closedWith: Farewell | undefined | null = null;
  send(message: ServerMessage): void {
    this.received.push(message);
  }
  sendFrame(frame: Uint8Array): void {
    const decoded = decodeFrame(frame);
    if (Array.isArray(decoded)) this.frames.push(decoded);
    else this.received.push(decoded as ServerMessage);
  }
  close(farewell?: Farewell): void {
    this.closedWith = farewell;
  }
  ofType<T extends ServerMessage['type']>(type: T) {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}

function setup(opts: { ack?: boolean; maxPlayers?: number } = {}) {
  const clock = new ManualClock();
  const outcomes: RoomOutcome[] = [];
  const room = new GameRoom({
    logic: counterGame(3),
    maxPlayers: opts.maxPlayers ?? 8,
    graceMs: 1_000,
    seed: 1,
    rng: () => 0.5,
    clock,
    log: silentLogger,
    confirmStart: async () => opts.ack ?? true,
    onOver: (o) => void outcomes.push(o),
  });
  const join = (playerId: string) => {
    const conn = new FakeConnection();
    const result = room.admitWithToken({ playerId, displayName: playerId }, conn);
    return { conn, result };
  };
  return { clock, room, outcomes, join };
}

describe('game room rules (no sockets, manual clock)', () => {
  it('welcomes as of the last frame; everyone learns of joins with the next tick, one frame for many', () => {
    const { room, join } = setup();
    const a = join('a');
    // The first player became host: that went out at once, so their welcome holds it.
    expect(a.conn.ofType('welcome')[0]!.state.hostId).toBe('a');
    const framesBefore = a.conn.frames.length;
    const b = join('b');
    const c = join('c');
    const welcome = c.conn.ofType('welcome')[0]!;
    expect(Object.keys(welcome.state.players)).toEqual(['a']);
    expect(a.conn.frames.length).toBe(framesBefore);
    room.tick();
    expect(a.conn.frames.length).toBe(framesBefore + 1);
    const frame = PatchFrame.parse(c.conn.frames.at(-1));
    expect(frame[1]).toBe(welcome.seq + 1);
    const after = applyPatches(welcome.state, new PatchReader(welcome.paths).read(frame) as Patch[]);
    expect(after).toEqual(room.state);
    expect(Object.keys(after.players)).toEqual(['a', 'b', 'c']);
    expect(b.conn.frames.at(-1)).toEqual(c.conn.frames.at(-1));
    expect(room.summary()).toEqual({ players: 3, phase: 'waiting' });
  });

  it('keeps a dropped slot for the grace window, then removes it and passes the host on', () => {
    const { clock, room, join } = setup();
    const a = join('a');
    const b = join('b');
    room.disconnected('a', a.conn);
    expect(b.conn.ofType('host')).toEqual([{ type: 'host', playerId: 'b' }]);
    clock.advance(999);
    expect(room.state.players.a?.connected).toBe(false);
    clock.advance(1);
    expect(room.state.players.a).toBeUndefined();
    expect(room.state.hostId).toBe('b');
  });

  it('rotates the resume token at every attach; the old one stops working', () => {
    const { room, join } = setup();
    const a = join('a');
    const first = a.conn.ofType('welcome')[0]!.resumeToken;
    room.disconnected('a', a.conn);
    const again = new FakeConnection();
    expect(room.admitWithResume(first, again)).toEqual({ ok: true, playerId: 'a' });
    expect(room.admitWithResume(first, new FakeConnection())).toEqual({ ok: false, code: 'RESUME_INVALID' });
    const second = again.ofType('welcome')[0]!.resumeToken;
    expect(second).not.toBe(first);
  });

  it('replaces a live connection when the same player attaches again', () => {
    const { room, join } = setup();
    const a = join('a');
    const again = new FakeConnection();
    room.admitWithToken({ playerId: 'a', displayName: 'a' }, again);
    expect(a.conn.closedWith).toMatchObject({ code: 'REPLACED' });
    expect(room.summary().players).toBe(1);
  });

  it('refuses to start without enough players, and ends abandoned when everyone left', () => {
    const { room, join, outcomes } = setup();
    const a = join('a');
    room.handle('a', a.conn, { type: 'configure', difficulty: 'easy' });
    expect(a.conn.ofType('error')[0]).toMatchObject({ code: 'NOT_ENOUGH_PLAYERS' });
    room.handle('a', a.conn, { type: 'leave' });
    expect(a.conn.closedWith).toMatchObject({ code: 'LEFT' });
    expect(outcomes).toEqual([{ kind: 'abandoned' }]);
  });

  it('starts after the ack, runs ticks, and finishes with results', async () => {
    const { room, join, outcomes } = setup();
    const a = join('a');
    const b = join('b');
    room.handle('a', a.conn, { type: 'configure', difficulty: 'easy' });
    expect(room.state.phase).toBe('starting');
    room.tick();
    expect(room.state.game).toBeNull();
    await Promise.resolve();
    expect(room.state.phase).toBe('in_progress');
    room.handle('b', b.conn, { type: 'input', data: { add: 3 } });
    room.tick();
    expect(b.conn.ofType('message')).toEqual([{ type: 'message', data: { youWon: true } }]);
    expect(outcomes[0]).toMatchObject({
      kind: 'finished',
      results: { players: [{ playerId: 'b', rank: 1 }, {}] },
    });
    expect(a.conn.ofType('ended')).toHaveLength(1);
  });

  it('fails the start when the control plane does not ack', async () => {
    const { room, join, outcomes } = setup({ ack: false });
    const a = join('a');
    join('b');
    room.handle('a', a.conn, { type: 'configure', difficulty: 'easy' });
    await Promise.resolve();
    expect(outcomes).toEqual([{ kind: 'failed', farewell: { code: 'START_FAILED' } }]);
  });
});

describe('limits', () => {
  it('token bucket: a burst, then the refill rate', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 3, 2);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    clock.advance(500);
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });

  it('replay guard forgets a nonce only after its token expired', () => {
    const clock = new ManualClock();
    const guard = new ReplayGuard(clock);
    expect(guard.claim('n1', clock.nowMs() + 100)).toBe(true);
    expect(guard.claim('n1', clock.nowMs() + 100)).toBe(false);
    clock.advance(100);
    expect(guard.claim('n2', clock.nowMs() + 100)).toBe(true);
    expect(guard.size).toBe(1);
  });
});
