/**
 * Connect tokens, after netcode.io's private connect token: the matchmaker seals
 * {gameId, playerId, displayName, expiresAt, nonce} with the game's connect key
 * (AES-256-GCM); only that game's server can open it. Wire format, base64url:
 *
 *   version (1) | expiresAt (8, uint64 BE, ms) | iv (12) | ciphertext | tag (16)
 *
 * Associated data: version | utf8(gameId) | expiresAt. The game id is not sent in the
 * clear; the server supplies its own, so a token minted for another game fails to
 * authenticate. Single use is enforced by the server (see ReplayGuard).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeFrame, encodeFrame } from '@parlor/protocol';
import { z } from 'zod';

export const CONNECT_TOKEN_VERSION = 1;
export const CONNECT_TOKEN_DEFAULT_TTL_MS = 30_000;
const HEADER = 1 + 8;
const IV = 12;
const TAG = 16;
/** Longest token the server will even try to open (base64url characters). */
export const CONNECT_TOKEN_MAX_LENGTH = 512;

export interface ConnectTokenClaims {
  gameId: string;
  playerId: string;
  displayName: string;
  /** Unix ms after which the token is refused. */
  expiresAt: number;
}
export interface ConnectTokenPayload extends ConnectTokenClaims {
  /** 16 random bytes, base64url; remembered by the server until expiresAt. */
  nonce: string;
}

const Plaintext = z.object({
  gameId: z.string().min(1).max(128),
  playerId: z.string().min(1).max(128),
  displayName: z.string().min(1).max(64),
  expiresAt: z.number().int().nonnegative(),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

export type OpenConnectTokenResult =
  | { ok: true; payload: ConnectTokenPayload }
  | { ok: false; reason: 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; detail: string };

export function decodeConnectKey(base64url: string): Uint8Array {
  const key = Buffer.from(base64url, 'base64url');
  if (key.length !== 32) throw new Error('a connect key is 32 bytes');
  return key;
}

function associatedData(gameId: string, expiresAt: Buffer): Buffer {
  return Buffer.concat([Buffer.of(CONNECT_TOKEN_VERSION), Buffer.from(gameId, 'utf8'), expiresAt]);
}

export function sealConnectToken(key: Uint8Array, claims: ConnectTokenClaims): string {
  if (key.length !== 32) throw new Error('a connect key is 32 bytes');
  const payload: ConnectTokenPayload = { ...Plaintext.omit({ nonce: true }).parse(claims), nonce: '' };
  payload.nonce = randomBytes(16).toString('base64url');
  const expiresAt = Buffer.alloc(8);
  expiresAt.writeBigUInt64BE(BigInt(payload.expiresAt));
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(payload.gameId, expiresAt));
  const ciphertext = Buffer.concat([cipher.update(encodeFrame(payload)), cipher.final()]);
  return Buffer.concat([
    Buffer.of(CONNECT_TOKEN_VERSION),
    expiresAt,
    iv,
    ciphertext,
    cipher.getAuthTag(),
  ]).toString('base64url');
}

/** Never throws: any malformed input is TOKEN_INVALID. */
export function openConnectToken(
  key: Uint8Array,
  gameId: string,
  token: string,
  now: number,
): OpenConnectTokenResult {
  const invalid = (detail: string): OpenConnectTokenResult => ({
    ok: false,
    reason: 'TOKEN_INVALID',
    detail,
  });
  if (
    typeof token !== 'string' ||
    token.length > CONNECT_TOKEN_MAX_LENGTH ||
    !/^[A-Za-z0-9_-]+$/.test(token)
  ) {
    return invalid('encoding');
  }
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < HEADER + IV + 1 + TAG) return invalid('length');
  if (bytes[0] !== CONNECT_TOKEN_VERSION) return invalid('version');
  const expiresAtBytes = bytes.subarray(1, HEADER);
  const expiresAt = Number(expiresAtBytes.readBigUInt64BE());
  if (expiresAt <= now) return { ok: false, reason: 'TOKEN_EXPIRED', detail: 'expired' };
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(HEADER, HEADER + IV), {
      authTagLength: TAG,
    });
    decipher.setAAD(associatedData(gameId, expiresAtBytes));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
    plaintext = Buffer.concat([
      decipher.update(bytes.subarray(HEADER + IV, bytes.length - TAG)),
      decipher.final(),
    ]);
  } catch {
    return invalid('authentication');
  }
  let decoded: unknown;
  try {
    decoded = decodeFrame(plaintext);
  } catch {
    return invalid('payload');
  }
  const parsed = Plaintext.safeParse(decoded);
  // Authenticated but inconsistent can only come from a buggy minter; refuse all the same.
  if (!parsed.success || parsed.data.gameId !== gameId || parsed.data.expiresAt !== expiresAt) {
    return invalid('payload');
  }
  return { ok: true, payload: parsed.data };
}
