import { GameErrorCode, type PlayerRevocation, type PlayerRevocationReason } from '@parlor/protocol';
import { sleep, type Clock } from './clock.js';
import type { ControlReporter } from './control-reporter.js';
import { errorFields, type Logger } from './logger.js';
import type { RevokedPlayers } from './revoked-players.js';
import type { GameRoom } from './room.js';

/** What the player is told, with `bye SESSION_ENDED` and close code 4032. */
export const revocationMessages: Readonly<Record<PlayerRevocationReason, string>> = {
  deauthenticated: 'an administrator signed you out',
  disabled: 'your account was disabled',
  password_changed: 'your password was changed; sign in again to come back',
  logged_out_everywhere: 'you signed out everywhere',
};

// Revocation ids are offered again for a minute; remembering them twice as long is enough.
const SEEN_FOR_MS = 120_000;
const MAX_SEEN = 256;
const RETRY_MS = 1_000;
// A poll that comes back empty at once (a control plane that does not hold) is not repeated sooner.
const MIN_POLL_SPACING_MS = 250;

export interface RevocationWatchOptions {
  reporter: Pick<ControlReporter, 'revocations'>;
  room: Pick<GameRoom, 'revoke'>;
  revoked: RevokedPlayers;
  clock: Clock;
  log: Logger;
}

/**
 * Keeps one long poll open to the control plane for players it put out (their account lost
 * its sessions): each one's socket is closed with the reason, their resume token dies, and
 * their connect tokens minted before are refused. Returns a function that stops it.
 */
export function watchRevocations(o: RevocationWatchOptions): () => void {
  const stop = new AbortController();
  const seen = new Map<string, number>();
  const apply = (r: PlayerRevocation) => {
    seen.set(r.id, o.clock.nowMs());
    o.revoked.revoke(r.playerId, r.tokensExpiringBy);
    o.room.revoke(r.playerId, { code: GameErrorCode.SESSION_ENDED, message: revocationMessages[r.reason] });
    o.log.info('player revoked by the platform', { playerId: r.playerId, reason: r.reason });
  };
  const loop = async () => {
    while (!stop.signal.aborted) {
      const now = o.clock.nowMs();
      for (const [id, at] of seen) if (now - at > SEEN_FOR_MS) seen.delete(id);
      const recent = [...seen.keys()].slice(-MAX_SEEN);
      const outcome = await o.reporter.revocations({ seen: recent }, stop.signal);
      if (stop.signal.aborted || outcome.kind === 'forgotten') return; // The heartbeat says the rest.
      if (outcome.kind === 'failed') {
        await sleep(o.clock, RETRY_MS);
        continue;
      }
      for (const r of outcome.revocations) if (!seen.has(r.id)) apply(r);
      const took = o.clock.nowMs() - now;
      if (outcome.revocations.length === 0 && took < MIN_POLL_SPACING_MS)
        await sleep(o.clock, MIN_POLL_SPACING_MS - took);
    }
  };
  loop().catch((err: unknown) => o.log.error('revocation watch failed', errorFields(err)));
  return () => stop.abort();
}
