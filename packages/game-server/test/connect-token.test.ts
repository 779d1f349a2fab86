import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openConnectToken, sealConnectToken } from '@parlor/game-server/connect-token';
import { createConnectTokenVerifier } from '../src/token-verifier.js';
import type { Clock } from '../src/clock.js';

const key = randomBytes(32);
const now = 1_700_000_000_000;
const claims = { gameId: 'game-1', playerId: 'p1', displayName: 'Ada', expiresAt: now + 30_000 };

function fixedClock(at: number): Clock {
  return { ...({} as Clock), nowMs: () => at };
}

function flipByte(token: string, index: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index]! ^= 0x01;
  return bytes.toString('base64url');
}

describe('connect tokens', () => {
  it('round-trips the claims and adds a random nonce', () => {
    const token = sealConnectToken(key, claims);
    const opened = openConnectToken(key, 'game-1', token, now);
    expect(opened).toMatchObject({ ok: true, payload: claims });
    const again = openConnectToken(key, 'game-1', sealConnectToken(key, claims), now);
    expect(opened.ok && again.ok && opened.payload.nonce !== again.payload.nonce).toBe(true);
  });

  it('does not carry the game id in the clear', () => {
    const bytes = Buffer.from(
      sealConnectToken(key, { ...claims, gameId: 'very-visible-game-id' }),
      'base64url',
    );
    expect(bytes.includes(Buffer.from('very-visible-game-id'))).toBe(false);
  });

  it('refuses a tampered byte anywhere', () => {
    const token = sealConnectToken(key, claims);
    const length = Buffer.from(token, 'base64url').length;
    for (let i = 1; i < length; i++) {
      // Tampering with expiresAt (bytes 1-8) may push it into the past: then EXPIRED is also a refusal.
      const result = openConnectToken(key, 'game-1', flipByte(token, i), now);
      expect(result.ok).toBe(false);
    }
    expect(openConnectToken(key, 'game-1', flipByte(token, 20), now)).toMatchObject({
      ok: false,
      reason: 'TOKEN_INVALID',
    });
  });

  it('refuses a token sealed with another key', () => {
    const token = sealConnectToken(randomBytes(32), claims);
    expect(openConnectToken(key, 'game-1', token, now)).toMatchObject({ ok: false, reason: 'TOKEN_INVALID' });
  });

  it('refuses a token minted for another game', () => {
    const token = sealConnectToken(key, { ...claims, gameId: 'game-2' });
    expect(openConnectToken(key, 'game-1', token, now)).toMatchObject({
      ok: false,
      reason: 'TOKEN_INVALID',
      detail: 'authentication',
    });
  });

  it('refuses an expired token', () => {
    const token = sealConnectToken(key, claims);
    expect(openConnectToken(key, 'game-1', token, claims.expiresAt)).toMatchObject({
      ok: false,
      reason: 'TOKEN_EXPIRED',
    });
  });

  it('refuses another version', () => {
    const bytes = Buffer.from(sealConnectToken(key, claims), 'base64url');
    bytes[0] = 2;
    expect(openConnectToken(key, 'game-1', bytes.toString('base64url'), now)).toMatchObject({
      ok: false,
      reason: 'TOKEN_INVALID',
      detail: 'version',
    });
  });

  it('refuses a truncated token, an empty one and one that is not base64url', () => {
    const token = sealConnectToken(key, claims);
    const bytes = Buffer.from(token, 'base64url');
    for (const cut of [0, 1, 9, 21, 37, bytes.length - 1]) {
      const truncated = bytes.subarray(0, cut).toString('base64url');
      expect(openConnectToken(key, 'game-1', truncated, now).ok).toBe(false);
    }
    expect(openConnectToken(key, 'game-1', `${token}!`, now)).toMatchObject({
      ok: false,
      detail: 'encoding',
    });
    expect(openConnectToken(key, 'game-1', 'A'.repeat(600), now)).toMatchObject({
      ok: false,
      detail: 'encoding',
    });
  });

  it('accepts a token once; a replay is refused', () => {
    const verify = createConnectTokenVerifier({ key, gameId: 'game-1', clock: fixedClock(now) });
    const token = sealConnectToken(key, claims);
    expect(verify(token).ok).toBe(true);
    expect(verify(token)).toMatchObject({ ok: false, code: 'TOKEN_REPLAYED' });
    expect(verify(sealConnectToken(key, claims)).ok).toBe(true);
  });

  it('never accepts, and never throws on, random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const result = openConnectToken(key, 'game-1', Buffer.from(bytes).toString('base64url'), now);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (text) => {
        expect(openConnectToken(key, 'game-1', text, now).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a token with any bit flipped', () => {
    const token = sealConnectToken(key, claims);
    const bits = Buffer.from(token, 'base64url').length * 8;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bits - 1 }), (bit) => {
        const bytes = Buffer.from(token, 'base64url');
        bytes[bit >> 3]! ^= 1 << (bit & 7);
        expect(openConnectToken(key, 'game-1', bytes.toString('base64url'), now).ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
