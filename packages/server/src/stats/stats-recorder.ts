/**
 * What other features tell stats, by meaning. Each feature takes only the methods it calls;
 * the composition root hands them one recorder. Every method is one awaited write, made
 * before the feature answers its request: an acknowledged action is never lost to a kill.
 * Times come from the recorder's clock (the one every feature shares).
 */
export interface StatsRecorder {
  registered(e: { userId: string; usernameKey: string }): Promise<void>;
  loggedIn(e: { userId: string; sessionId: string; expiresAt: Date }): Promise<void>;
  /** userId is null when the name matched no account. */
  loginFailed(e: { userId: string | null }): Promise<void>;
  /** A session was used (at most once a minute per session is enough). */
  sessionUsed(e: { userId: string; sessionId: string }): Promise<void>;
  /** `sessionUsed` for many sessions at once, in one write (the realtime sweep's re-checks). */
  sessionsUsed(e: readonly { userId: string; sessionId: string }[]): Promise<void>;
  /** Sessions ended before their time; `reason` as in RevocationReason. */
  sessionsEnded(e: { userId: string; sessionIds: readonly string[]; reason: string }): Promise<void>;
  socketConnected(e: { userId: string; connectionId: string }): Promise<void>;
  socketClosed(e: { connectionId: string }): Promise<void>;
  gameCreated(e: { gameId: string; type: string }): Promise<void>;
  gameStarted(e: { gameId: string; type: string }): Promise<void>;
  gameEnded(e: GameEnd): Promise<void>;
  /** Only the channel's kind: stats never sees a body, a channel name or a recipient. */
  chatMessagePosted(e: { userId: string; channelKind: 'lobby' | 'game' | 'dm' }): Promise<void>;
}

export type GameEndStatus = 'finished' | 'failed' | 'abandoned';

export interface GameEnd {
  gameId: string;
  type: string;
  status: GameEndStatus;
  /** When play began; null for a game that ended in its lobby. */
  startedAt: Date | null;
  /** Everyone seated, with their final rank when the game reported results. */
  players: readonly { userId: string; rank: number | null }[];
}

export type IdentityStats = Pick<
  StatsRecorder,
  'registered' | 'loggedIn' | 'loginFailed' | 'sessionUsed' | 'sessionsUsed' | 'sessionsEnded'
>;
export type GameStats = Pick<StatsRecorder, 'gameCreated' | 'gameStarted' | 'gameEnded'>;
export type RealtimeStats = Pick<StatsRecorder, 'socketConnected' | 'socketClosed'>;
export type ChatStats = Pick<StatsRecorder, 'chatMessagePosted'>;
