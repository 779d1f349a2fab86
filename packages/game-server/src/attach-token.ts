/**
 * Attach tokens: what lets a mini-game server attach to the one game it was asked to serve.
 * Sealed exactly like connect tokens (connect-token.ts: AES-256-GCM, seconds long, single use),
 * but under a key derived from the game's connect key for this purpose alone, so a player's
 * connect token can never pass for an attach token, nor the other way round. The token's
 * subject is the mini-game's id: an attach token for one mini-game or game fails at any other.
 */
import { hkdfSync } from 'node:crypto';
import { openConnectToken, sealConnectToken } from './connect-token.js';

export const ATTACH_TOKEN_TTL_MS = 20_000;
const INFO = 'parlor mini-game attach token v1';

function attachKey(connectKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', connectKey, new Uint8Array(0), INFO, 32));
}

export function sealAttachToken(
  connectKey: Uint8Array,
  claims: { gameId: string; minigameId: string; expiresAt: number },
): string {
  const key = attachKey(connectKey);
  try {
    return sealConnectToken(key, {
      gameId: claims.gameId,
      playerId: claims.minigameId,
      displayName: 'mini-game',
      expiresAt: claims.expiresAt,
    });
  } finally {
    key.fill(0);
  }
}

export type OpenAttachTokenResult =
  { ok: true; minigameId: string; nonce: string; expiresAt: number } | { ok: false; detail: string };

/** Never throws; the caller checks single use (nonce) and that minigameId is its own. */
export function openAttachToken(
  connectKey: Uint8Array,
  gameId: string,
  token: unknown,
  now: number,
): OpenAttachTokenResult {
  if (typeof token !== 'string') return { ok: false, detail: 'encoding' };
  const key = attachKey(connectKey);
  try {
    const opened = openConnectToken(key, gameId, token, now);
    if (!opened.ok) return { ok: false, detail: opened.detail };
    const { playerId, nonce, expiresAt } = opened.payload;
    return { ok: true, minigameId: playerId, nonce, expiresAt };
  } finally {
    key.fill(0);
  }
}
