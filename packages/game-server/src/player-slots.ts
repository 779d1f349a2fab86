import type { GamePlayer } from '@parlor/protocol';
import type { Clock, TimerHandle } from './clock.js';
import type { PlayerConnection } from './connection.js';
import { hashResumeToken, issueResumeToken } from './resume-tokens.js';

export interface Slot extends GamePlayer {
  /** Join order, 0 first. */
  seat: number;
  conn: PlayerConnection | null;
  resumeHash: string | null;
  graceTimer: TimerHandle | null;
}

/** Who holds a place in the game, their current socket, and how they may resume. */
export class PlayerSlots {
  private readonly slots = new Map<string, Slot>();
  private readonly byResumeHash = new Map<string, string>();
  private nextSeat = 0;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.slots.size;
  }

  get(playerId: string): Slot | undefined {
    return this.slots.get(playerId);
  }

  /** In seat order (a Map keeps insertion order, and seats only grow). */
  all(): Slot[] {
    return [...this.slots.values()];
  }

  add(player: GamePlayer): Slot {
    const slot: Slot = { ...player, seat: this.nextSeat++, conn: null, resumeHash: null, graceTimer: null };
    this.slots.set(slot.playerId, slot);
    return slot;
  }

  remove(slot: Slot): void {
    this.cancelGrace(slot);
    this.slots.delete(slot.playerId);
    if (slot.resumeHash) this.byResumeHash.delete(slot.resumeHash);
  }

  findByResumeToken(token: string): Slot | undefined {
    const playerId = this.byResumeHash.get(hashResumeToken(token));
    return playerId === undefined ? undefined : this.slots.get(playerId);
  }

  /** A fresh resume token for the slot; the previous one stops working. */
  rotateResumeToken(slot: Slot): string {
    if (slot.resumeHash) this.byResumeHash.delete(slot.resumeHash);
    const { token, hash } = issueResumeToken();
    slot.resumeHash = hash;
    this.byResumeHash.set(hash, slot.playerId);
    return token;
  }

  /** The slot's resume token stops working; the next attach issues a new one. */
  forgetResumeToken(slot: Slot): void {
    if (slot.resumeHash) this.byResumeHash.delete(slot.resumeHash);
    slot.resumeHash = null;
  }

  startGrace(slot: Slot, ms: number, onExpiry: () => void): void {
    this.cancelGrace(slot);
    slot.graceTimer = this.clock.setTimeout(onExpiry, ms);
  }

  cancelGrace(slot: Slot): void {
    if (slot.graceTimer) this.clock.clearTimeout(slot.graceTimer);
    slot.graceTimer = null;
  }

  cancelAllGrace(): void {
    for (const slot of this.slots.values()) this.cancelGrace(slot);
  }
}
