import { AUTHENTICATED_GROUP, type UserPrincipal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { SessionWithUser } from './sessions-store.js';

export interface SessionTimeouts {
  absoluteMs: number;
  idleMs: number;
}

export interface CachedSession {
  session: SessionWithUser;
  /** Built once per cache entry: every request of the session gets the same object. */
  principal: UserPrincipal;
  cachedAt: number;
}

// last_seen_at is written at most this often per session: an idle timeout measured in
// minutes does not need a database write on every request.
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions read recently, keyed by the token itself (in this process's memory only, where every
 * request carries it anyway). A forget bumps `generation`: a read that began before one must
 * not refill the cache, since it may have seen the session before it ended.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  private forgets = 0;

  constructor(private readonly options: { cacheMs: number; cacheSize: number }) {}

  get generation(): number {
    return this.forgets;
  }

  /** The entry while it is young enough to answer without the database. */
  fresh(token: string, now: number): CachedSession | undefined {
    const entry = this.entries.get(token);
    return entry && now - entry.cachedAt <= this.options.cacheMs ? entry : undefined;
  }

  /** A session just read: kept only when no forget happened since `generation` (when the read began). */
  fill(token: string, session: SessionWithUser, now: number, generation: number): CachedSession {
    const entry: CachedSession = { session, principal: principalOf(session), cachedAt: now };
    if (generation !== this.forgets) return entry;
    if (this.entries.size >= this.options.cacheSize) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, entry);
    return entry;
  }

  drop(token: string): void {
    this.entries.delete(token);
  }

  forgetSessions(sessionIds: readonly string[]): void {
    this.forgets++;
    const ids = new Set(sessionIds);
    for (const [token, entry] of this.entries) if (ids.has(entry.session.id)) this.entries.delete(token);
  }

  forgetUser(userId: string): void {
    this.forgets++;
    for (const [token, entry] of this.entries)
      if (entry.session.userId === userId) this.entries.delete(token);
  }
}

export function needsTouch(entry: CachedSession, now: number): boolean {
  return now - entry.session.lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}

/** The rules every use of a session is held to, cached or not; throws the refusal. */
export function admitSession(
  { session: s, principal }: CachedSession,
  now: number,
  timeouts: SessionTimeouts,
): UserPrincipal {
  if (s.revokedAt) throw new AppError('UNAUTHENTICATED', 'The session has been ended');
  if (s.userDisabled) throw new AppError('UNAUTHENTICATED', 'The account is disabled');
  if (now >= s.expiresAt.getTime()) throw new AppError('SESSION_EXPIRED');
  if (now - s.lastSeenAt.getTime() >= timeouts.idleMs)
    throw new AppError('SESSION_EXPIRED', 'The session was idle too long; log in again');
  return principal;
}

function principalOf(s: SessionWithUser): UserPrincipal {
  return Object.freeze({
    kind: 'user',
    userId: s.userId,
    username: s.username,
    sessionId: s.id,
    groups: Object.freeze([AUTHENTICATED_GROUP]),
    accountCreatedAt: s.userCreatedAt,
  });
}
