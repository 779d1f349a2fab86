import { GameErrorCode } from '@parlor/protocol';
import type { Clock } from './clock.js';
import { openConnectToken, type ConnectTokenPayload } from './connect-token.js';
import { ReplayGuard } from './replay-guard.js';
import type { RevokedPlayers } from './revoked-players.js';

export type VerifyResult =
  { ok: true; payload: ConnectTokenPayload } | { ok: false; code: GameErrorCode; detail: string };

export type ConnectTokenVerifier = (token: string) => VerifyResult;

/** Opens connect tokens for one game and accepts each at most once. */
export function createConnectTokenVerifier(o: {
  key: Uint8Array;
  gameId: string;
  clock: Clock;
  /** Players the platform put out: their tokens minted before that are refused. */
  revoked?: RevokedPlayers;
}): ConnectTokenVerifier {
  const guard = new ReplayGuard(o.clock);
  return (token) => {
    const opened = openConnectToken(o.key, o.gameId, token, o.clock.nowMs());
    if (!opened.ok) return { ok: false, code: GameErrorCode[opened.reason], detail: opened.detail };
    if (o.revoked?.refuses(opened.payload.playerId, opened.payload.expiresAt)) {
      return { ok: false, code: GameErrorCode.SESSION_ENDED, detail: 'minted before the player was revoked' };
    }
    if (!guard.claim(opened.payload.nonce, opened.payload.expiresAt)) {
      return { ok: false, code: GameErrorCode.TOKEN_REPLAYED, detail: 'replayed' };
    }
    return opened;
  };
}
