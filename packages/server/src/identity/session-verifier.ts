import type { Principal, UserPrincipal } from '../access/principal.js';
import { SESSION_PREFIX } from './session-token.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import type { IdentityStats } from '../stats/stats-recorder.js';
import {
  admitSession,
  type CachedSession,
  needsTouch,
  SessionCache,
  type SessionTimeouts,
} from './session-cache.js';
import type { SessionsStore } from './sessions-store.js';
import { type SocketRecheck, SocketSessionRecheck } from './socket-session-recheck.js';

export type { SessionTimeouts } from './session-cache.js';
export type { SocketRecheck } from './socket-session-recheck.js';

/**
 * Turns a session token into a principal. Sessions are cached briefly; the cache entry of a
 * revoked session or user is dropped at once (`forgetSessions`/`forgetUser`, called on this
 * node by the revoking service and on other nodes through the bus), so revocation takes effect
 * on the very next request. The cache's own age limit bounds the damage if a bus message is
 * ever lost.
 *
 * The cache is keyed by the token itself, in this process's memory only (where every request
 * carries it anyway): hashing it on every request cost more than the rest of authentication
 * together. Only its SHA-256 ever reaches the database, on a cache miss.
 */
export class SessionVerifier {
  private readonly cache: SessionCache;
  /** Lookups under way, so a burst of requests on one session reads the database once. */
  private readonly loading = new Map<
    string,
    { generation: number; lookup: Promise<CachedSession | undefined> }
  >();
  private readonly sockets: SocketSessionRecheck;

  constructor(
    private readonly sessions: SessionsStore,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
    options = { cacheMs: 5_000, cacheSize: 10_000 },
    private readonly stats?: Pick<IdentityStats, 'sessionUsed' | 'sessionsUsed'>,
  ) {
    this.cache = new SessionCache(options);
    this.sockets = new SocketSessionRecheck({ sessions, cache: this.cache, clock, timeouts, stats });
  }

  /**
   * The answer when the cache alone settles it (no I/O, no promise): what nearly every
   * request of a live session takes. Throws as `verify` does; undefined means the database must be
   * asked, which `verify` does.
   */
  verifyFromCache(token: string): Principal | undefined {
    const now = this.clock.nowMs();
    const entry = this.cache.fresh(token, now);
    if (!entry || needsTouch(entry, now)) return undefined;
    return admitSession(entry, now, this.timeouts);
  }

  /** The principal of a session token: without a promise when the cache settles it. */
  verify(token: string): Principal | Promise<Principal> {
    return this.verifyFromCache(token) ?? this.verifyWithLookup(token);
  }

  /**
   * A realtime socket's credential: a session token (an API key is refused), held to the same
   * rules as `verify`, with when the session ends at the latest (the socket is closed then).
   * One verification, one lookup at most: the expiry comes from the entry just verified.
   */
  async verifyForSocket(token: string): Promise<{ principal: UserPrincipal; expiresAt: Date }> {
    if (!token.startsWith(SESSION_PREFIX)) throw new AppError('UNAUTHENTICATED', 'Send a session token');
    const { principal, session } = await this.verifiedEntry(token);
    return { principal, expiresAt: session.expiresAt };
  }

  /**
   * The periodic re-check of many realtime sockets' sessions, answered per token under the rules
   * of `verifyForSocket` with one read and one touch for them all (see SocketSessionRecheck).
   */
  recheckForSockets(tokens: readonly string[]): Promise<Map<string, SocketRecheck>> {
    return this.sockets.recheck(tokens);
  }

  private async verifyWithLookup(token: string): Promise<Principal> {
    return (await this.verifiedEntry(token)).principal;
  }

  private async verifiedEntry(token: string): Promise<CachedSession> {
    const now = this.clock.nowMs();
    const entry = this.cache.fresh(token, now) ?? (await this.load(token, now));
    if (!entry) throw new AppError('UNAUTHENTICATED', 'The session token is not valid');
    admitSession(entry, now, this.timeouts);
    if (needsTouch(entry, now)) {
      entry.session.lastSeenAt = new Date(now);
      await this.sessions.touch(entry.session.id, entry.session.lastSeenAt);
      await this.stats?.sessionUsed({ userId: entry.session.userId, sessionId: entry.session.id });
    }
    return entry;
  }

  private load(token: string, now: number): Promise<CachedSession | undefined> {
    const generation = this.cache.generation;
    const pending = this.loading.get(token);
    // A lookup that began before a revocation may have read the session before it ended.
    if (pending?.generation === generation) return pending.lookup;
    const lookup = this.sessions
      .byTokenHash(sha256(token))
      .then((session) => {
        if (!session) {
          this.cache.drop(token);
          return undefined;
        }
        return this.cache.fill(token, session, now, generation);
      })
      .finally(() => {
        if (this.loading.get(token)?.lookup === lookup) this.loading.delete(token);
      });
    this.loading.set(token, { generation, lookup });
    return lookup;
  }

  forgetSessions(sessionIds: readonly string[]): void {
    this.cache.forgetSessions(sessionIds);
  }

  forgetUser(userId: string): void {
    this.cache.forgetUser(userId);
  }
}
