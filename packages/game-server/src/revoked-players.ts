import type { Clock } from './clock.js';

/**
 * Players the platform put out, and until when their connect tokens are refused: every token
 * minted before the revocation expires by `tokensExpiringBy`, so one that expires later was
 * minted afterwards (the player signed in again) and is let in.
 */
export class RevokedPlayers {
  private readonly until = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  revoke(playerId: string, tokensExpiringBy: number): void {
    this.until.set(playerId, Math.max(tokensExpiringBy, this.until.get(playerId) ?? 0));
  }

  /** True when a token for this player, expiring then, was minted before a revocation. */
  refuses(playerId: string, tokenExpiresAt: number): boolean {
    const now = this.clock.nowMs();
    for (const [id, until] of this.until) if (until < now) this.until.delete(id);
    const until = this.until.get(playerId);
    return until !== undefined && tokenExpiresAt <= until;
  }
}
