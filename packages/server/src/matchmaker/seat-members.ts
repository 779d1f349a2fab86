import type { SeatsStore } from './seats-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who has a seat in a game, for features beside the matchmaker (game chat): they ask here
 * instead of reading its tables. A game or user id that is not a UUID names nobody, and is
 * answered without a query (the columns are uuid-typed, so the query would fail).
 */
export class SeatMembers {
  constructor(private readonly seats: Pick<SeatsStore, 'of' | 'list'>) {}

  async isMember(gameId: string, userId: string): Promise<boolean> {
    return (await this.role(gameId, userId)) !== undefined;
  }

  /** The host may change what belongs to the game as a whole (its chat channel's settings). */
  async isHost(gameId: string, userId: string): Promise<boolean> {
    return (await this.role(gameId, userId)) === 'host';
  }

  async members(gameId: string): Promise<string[]> {
    if (!UUID.test(gameId)) return [];
    return (await this.seats.list(gameId)).map((seat) => seat.userId);
  }

  private async role(gameId: string, userId: string): Promise<string | undefined> {
    if (!UUID.test(gameId) || !UUID.test(userId)) return undefined;
    return (await this.seats.of(gameId, userId))?.role;
  }
}
