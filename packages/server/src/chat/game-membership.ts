/**
 * Who belongs to a game, as chat needs to know it. The matchmaker owns games; this port keeps
 * chat from reaching into its tables (the composition root hands in its `SeatMembers`).
 */
export interface GameMembership {
  isMember(gameId: string, userId: string): Promise<boolean>;
  /** May change the game channel's settings (its host). */
  isHost(gameId: string, userId: string): Promise<boolean>;
  members(gameId: string): Promise<string[]>;
}
