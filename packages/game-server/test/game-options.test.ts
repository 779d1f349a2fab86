import { describe, expect, it } from 'vitest';
import { decodeFrame, type GameInitOptions, type ServerMessage } from '@parlor/protocol';
import type { Farewell, PlayerConnection } from '../src/connection.js';
import { silentLogger } from '../src/logger.js';
import { GameRoom, type RoomOutcome } from '../src/room.js';
import { ManualClock } from '@parlor/protocol';
import { counterGame } from './test-game.js';

class Conn implements PlayerConnection {
  readonly received: ServerMessage[] = [];
  send(message: ServerMessage): void {
    this.received.push(message);
  }
  sendFrame(frame: Uint8Array): void {
    this.received.push(decodeFrame(frame) as ServerMessage);
  }
  close(_farewell?: Farewell): void {}
  ofType<T extends ServerMessage['type']>(type: T) {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}

/** A counter game with one option (rounds: 1, 2 or 3; default 2) whose init is watched. */
function setup() {
  const inits: GameInitOptions[] = [];
  const base = counterGame(3);
  const logic = counterGame(3, {
    meta: {
      ...base.meta,
      options: [{ id: 'rounds', name: 'Rounds', choices: [1, 2, 3], default: 2 }],
    },
    init: (options) => {
      inits.push(options);
      return base.init(options);
    },
    // A game that tries to name players itself: the runtime's roster wins.
    result: (state) => {
      const r = base.result(state);
      return r && { ...r, players: r.players.map((p) => ({ ...p, displayName: 'spoofed' })) };
    },
  });
  const outcomes: RoomOutcome[] = [];
  const room = new GameRoom({
    logic,
    maxPlayers: 8,
    graceMs: 1_000,
    seed: 1,
    rng: () => 0.5,
    clock: new ManualClock(),
    log: silentLogger,
    confirmStart: async () => true,
    onOver: (o) => void outcomes.push(o),
  });
  const join = (playerId: string, displayName: string) => {
    const conn = new Conn();
    room.admitWithToken({ playerId, displayName }, conn);
    return conn;
  };
  return { room, inits, outcomes, join };
}

describe('configure options', () => {
  it('refuses an unknown option or a value not among its choices, and stays waiting', () => {
    const { room, join } = setup();
    const a = join('a', 'Ada');
    join('b', 'Bob');
    room.handle('a', a, { type: 'configure', difficulty: 'easy', options: { laps: 2 } });
    room.handle('a', a, { type: 'configure', difficulty: 'easy', options: { rounds: 7 } });
    room.handle('a', a, { type: 'configure', difficulty: 'easy', options: { rounds: '2' } });
    expect(a.ofType('error').map((e) => e.code)).toEqual([
      'INVALID_OPTION',
      'INVALID_OPTION',
      'INVALID_OPTION',
    ]);
    expect(room.state.phase).toBe('waiting');
  });

  it('hands the game the host’s choice, or the default when none was made', async () => {
    const chosen = setup();
    const a = chosen.join('a', 'Ada');
    chosen.join('b', 'Bob');
    chosen.room.handle('a', a, { type: 'configure', difficulty: 'hard', options: { rounds: 3 } });
    await Promise.resolve();
    expect(chosen.inits[0]).toMatchObject({ difficulty: 'hard', options: { rounds: 3 } });

    const plain = setup();
    const c = plain.join('c', 'Cy');
    plain.join('d', 'Di');
    plain.room.handle('c', c, { type: 'configure', difficulty: 'easy' });
    await Promise.resolve();
    expect(plain.inits[0]).toMatchObject({ options: { rounds: 2 } });
  });
});

describe('results', () => {
  it('name every ranked player from the connect tokens, in the ended frame and the outcome', async () => {
    const { room, join, outcomes } = setup();
    const a = join('a', 'Ada');
    const b = join('b', 'Bob');
    room.handle('a', a, { type: 'configure', difficulty: 'easy' });
    await Promise.resolve();
    room.handle('b', b, { type: 'input', data: { add: 3 } });
    room.tick();
    const ended = a.ofType('ended')[0]!;
    expect(ended.results.players).toEqual([
      { playerId: 'b', displayName: 'Bob', score: 3, rank: 1 },
      { playerId: 'a', displayName: 'Ada', score: 0, rank: 2 },
    ]);
    expect(outcomes[0]).toMatchObject({ kind: 'finished', results: ended.results });
  });
});
