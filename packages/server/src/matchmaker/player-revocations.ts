import { randomUUID } from 'node:crypto';
import type { PlayerRevocation, PlayerRevocationReason } from '@parlor/protocol';
import type { Bus } from '../bus/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { SeatsStore } from './seats-store.js';

/** Bus topic for what one game's server must be told, whichever node it polls. */
export const gameServerTopic = (gameId: string) => `game-server:${gameId}`;

interface RevocationNotice {
  type: 'player_revoked';
  gameId: string;
  revocation: PlayerRevocation;
}

export interface PlayerRevocationsOptions {
  bus: Bus;
  seats: Pick<SeatsStore, 'liveOf'>;
  clock: Clock;
  log: Logger;
  /** Connect tokens live this long: every token minted before a revocation expires by now + this. */
  connectTokenTtlMs: number;
  /** How long a poll is held open when there is nothing to tell (default 20 s). */
  holdMs?: number;
  /** How long a revocation is offered again to later polls (default 60 s). */
  retainMs?: number;
}

const MAX_PER_GAME = 256;
// Tokens are minted on any node: one whose clock runs a little ahead must not slip through.
const CLOCK_SKEW_MARGIN_MS = 2_000;

/**
 * Puts a user's players out of their live games on every game server, when the user's account
 * loses its sessions (deauthentication, disabling, logout everywhere, a password change). The
 * node where it happens publishes one revocation per seat on the bus; every node keeps recent
 * ones for a minute and answers the game server's long poll (`POST .../revocations`) with
 * those it has not seen yet, so a revocation published between two polls is not lost.
 */
export class PlayerRevocations {
  private readonly recent = new Map<string, { revocation: PlayerRevocation; at: number }[]>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  constructor(private readonly o: PlayerRevocationsOptions) {}

  async start(): Promise<void> {
    await this.o.bus.subscribePrefix('game-server:', (message) => {
      const notice = message as RevocationNotice | null;
      if (notice?.type === 'player_revoked') this.remember(notice.gameId, notice.revocation);
    });
  }

  /** Every live seat of the user: their game servers close the sockets and refuse their tokens. */
  async revokeUser(userId: string, reason: PlayerRevocationReason): Promise<number> {
    const seats = await this.o.seats.liveOf(userId);
    const tokensExpiringBy = this.o.clock.nowMs() + this.o.connectTokenTtlMs + CLOCK_SKEW_MARGIN_MS;
    await Promise.all(
      seats.map(({ gameId, playerId }) => {
        const notice: RevocationNotice = {
          type: 'player_revoked',
          gameId,
          revocation: { id: randomUUID(), playerId, reason, tokensExpiringBy },
        };
        return this.o.bus.publish(gameServerTopic(gameId), notice);
      }),
    );
    if (seats.length > 0) this.o.log.info({ userId, games: seats.length, reason }, 'players revoked');
    return seats.length;
  }

  /**
   * The game server's long poll: the recent revocations of its game that are not in `seen`, at
   * once if there are any, else as soon as one comes, else none after the hold time. `gone`
   * ends the wait early (the game server hung up, or this node is closing).
   */
  async poll(gameId: string, seen: readonly string[], gone?: Promise<void>): Promise<PlayerRevocation[]> {
    const known = new Set(seen);
    const unseen = () => this.of(gameId).filter((r) => !known.has(r.id));
    const now = unseen();
    if (now.length > 0 || this.closed) return now;
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    let set = this.waiters.get(gameId);
    if (!set) this.waiters.set(gameId, (set = new Set()));
    set.add(wake);
    const timer = setTimeout(wake, this.o.holdMs ?? 20_000);
    try {
      await Promise.race([woken, ...(gone ? [gone] : [])]);
    } finally {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0) this.waiters.delete(gameId);
    }
    return unseen();
  }

  /** Answers every held poll now (empty) so that the node can close without waiting for them. */
  close(): void {
    this.closed = true;
    for (const set of this.waiters.values()) for (const wake of set) wake();
  }

  private remember(gameId: string, revocation: PlayerRevocation): void {
    // Revocations are rare: sweeping every game's list here keeps ended games from lingering.
    for (const other of [...this.recent.keys()]) this.entries(other);
    const kept = [...this.entries(gameId), { revocation, at: this.o.clock.nowMs() }].slice(-MAX_PER_GAME);
    this.recent.set(gameId, kept);
    for (const wake of this.waiters.get(gameId) ?? []) wake();
  }

  /** The game's revocations still within the retention window (older ones are dropped here). */
  private entries(gameId: string) {
    const since = this.o.clock.nowMs() - (this.o.retainMs ?? 60_000);
    const kept = (this.recent.get(gameId) ?? []).filter((e) => e.at > since);
    if (kept.length > 0) this.recent.set(gameId, kept);
    else this.recent.delete(gameId);
    return kept;
  }

  private of(gameId: string): PlayerRevocation[] {
    return this.entries(gameId).map((e) => e.revocation);
  }
}
