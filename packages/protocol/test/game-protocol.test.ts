import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClientMessage,
  FirstFrame,
  GameErrorCode,
  GameServerSecrets,
  ServerMessage,
  StatusReport,
  decodeFrame,
  encodeFrame,
  Errors,
  closeCodeOf,
  errorCatalogueParts,
  errorCodes,
  errorFromCloseCode,
  gameReportPath,
  type ErrorEntry,
} from '../src/index.js';

const secrets = {
  type: 'parlor.secrets',
  gameId: 'g-123',
  gameType: 'gem-rush',
  connectKey: 'A'.repeat(43),
  reportingToken: 'B'.repeat(43),
  controlUrl: 'http://127.0.0.1:8080',
  maxPlayers: 8,
  heartbeatIntervalMs: 5000,
  host: '127.0.0.1',
  port: 0,
};

describe('game protocol', () => {
  it('round-trips frames as plain msgpack', () => {
    const msg = { type: 'host', playerId: 'p1' };
    expect(ServerMessage.parse(decodeFrame(encodeFrame(msg)))).toEqual(msg);
    expect(FirstFrame.parse(decodeFrame(encodeFrame({ type: 'hello', token: 'abc' })))).toEqual({
      type: 'hello',
      token: 'abc',
    });
  });

  it('validates client messages and never throws on random bytes (callers catch decode errors)', () => {
    expect(ClientMessage.safeParse({ type: 'configure', difficulty: '' }).success).toBe(false);
    expect(ClientMessage.safeParse({ type: 'hello', token: 'x' }).success).toBe(false);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        let decoded: unknown;
        try {
          decoded = decodeFrame(bytes);
        } catch {
          return;
        }
        ClientMessage.safeParse(decoded);
      }),
    );
  });

  it('accepts well-formed secrets and refuses bad keys, URLs and ids', () => {
    expect(GameServerSecrets.parse(secrets)).toEqual(secrets);
    for (const bad of [
      { connectKey: 'short' },
      { controlUrl: 'file:///etc/passwd' },
      { gameId: '../x' },
      { type: 'other' },
      { port: 70000 },
    ]) {
      expect(GameServerSecrets.safeParse({ ...secrets, ...bad }).success).toBe(false);
    }
  });

  it('has report bodies and paths the control plane can rely on', () => {
    expect(gameReportPath('g-1', 'status')).toBe('/v1/internal/games/g-1/status');
    expect(StatusReport.safeParse({ status: 'in_progress', difficulty: 'hard' }).success).toBe(true);
    expect(
      StatusReport.safeParse({
        status: 'finished',
        results: { players: [{ playerId: 'a', score: 1, rank: 1 }] },
      }).success,
    ).toBe(true);
  });

  it('gives every code that closes a socket its own close code, and maps it back', () => {
    const closing = errorCodes.filter((c) => {
      const e: ErrorEntry = Errors[c];
      return e.realtime === 'close' || e.realtime === 'both' || e.game === 'close' || e.game === 'both';
    });
    for (const code of closing) expect((Errors[code] as ErrorEntry).closeCode, code).toBeDefined();
    const closeCodes = closing.map(closeCodeOf);
    expect(new Set(closeCodes).size).toBe(closing.length);
    for (const code of closing) expect(errorFromCloseCode(closeCodeOf(code))).toBe(code);
    expect(errorFromCloseCode(1000)).toBeUndefined();
    expect(GameErrorCode.GAME_FULL).toBe('GAME_FULL');
  });

  it('defines each code in exactly one part of the catalogue', () => {
    const defined = errorCatalogueParts.flatMap((part) => Object.keys(part));
    expect(defined.length).toBe(new Set(defined).size);
    expect(defined.length).toBe(errorCodes.length);
  });

  it('carries every code on at least one transport', () => {
    for (const code of errorCodes) {
      const e: ErrorEntry = Errors[code];
      expect(e.status ?? e.realtime ?? e.game ?? e.minigame, code).toBeDefined();
      expect(e.meaning.length, code).toBeGreaterThan(0);
    }
  });
});
