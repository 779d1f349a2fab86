/**
 * What realtime needs from other features, in its own words; the composition root hands in the
 * implementations (chat's blocks, the matchmaker's seats).
 */

/** Who hides from whom: a user who blocked someone is not shown to them, nor hears them. */
export interface VisibilityFilter {
  /** Whom `userId` has blocked. */
  blockedBy(userId: string): Promise<string[]>;
  /** Which of `userIds` have blocked `viewer`. */
  whoBlocked(viewer: string, userIds: readonly string[]): Promise<Set<string>>;
}

/** Published on `user:<id>` when that user's blocks change; their sockets re-read them. */
export interface VisibilityChangedNotice {
  type: 'blocks_changed';
  userId: string;
}

/** The players of a game, so that presence shows a game only to those who may see it. */
export interface GamePlayers {
  members(gameId: string): Promise<string[]>;
}
