import { AUTHENTICATED_GROUP, type Principal, type UserPrincipal } from '../access/principal.js';
import { SESSION_PREFIX } from './session-token.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import type { IdentityStats } from '../stats/stats-recorder.js';
import type { SessionsStore, SessionWithUser } from './sessions-store.js';

export interface SessionTimeouts {
  absoluteMs: number;
  idleMs: number;
}

interface Cached {
  session: SessionWithUser;
  /** Built once per cache entry: every request of the session gets the same object. */
  principal: UserPrincipal;
  cachedAt: number;
}

// last_seen_at is written at most this often per session: an idle timeout measured in
// minutes does not need a database write on every request.
const TOUCH_EVERY_MS = 60_000;

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
  private readonly cache = new Map<string, Cached>();
  /** Lookups under way, so a burst of requests on one session reads the database once. */
  private readonly loading = new Map<string, { generation: number; lookup: Promise<Cached | undefined> }>();
  /** Bumped by every forget: a lookup that began before one must not refill the cache. */
  private generation = 0;

  constructor(
    private readonly sessions: SessionsStore,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
    private readonly options = { cacheMs: 5_000, cacheSize: 10_000 },
    private readonly stats?: Pick<IdentityStats, 'sessionUsed'>,
  ) {}

  /**
   * The answer when the cache alone settles it (no I/O, no promise): what nearly every
   * request of a live session takes. Throws as `verify` does; undefined means the database must be
   * asked, which `verify` does.
   */
  verifyFromCache(token: string): Principal | undefined {
    const now = this.clock.nowMs();
    const entry = this.cache.get(token);
    if (!entry || this.isStale(entry, now) || this.needsTouch(entry, now)) return undefined;
    return this.admit(entry, now);
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

  private async verifyWithLookup(token: string): Promise<Principal> {
    return (await this.verifiedEntry(token)).principal;
  }

  private async verifiedEntry(token: string): Promise<Cached> {
    const now = this.clock.nowMs();
    let entry = this.cache.get(token);
    if (!entry || this.isStale(entry, now)) entry = await this.load(token, now);
    if (!entry) throw new AppError('UNAUTHENTICATED', 'The session token is not valid');
    this.admit(entry, now);
    if (this.needsTouch(entry, now)) {
      entry.session.lastSeenAt = new Date(now);
      await this.sessions.touch(entry.session.id, entry.session.lastSeenAt);
      await this.stats?.sessionUsed({ userId: entry.session.userId, sessionId: entry.session.id });
    }
    return entry;
  }

  private isStale(entry: Cached, now: number): boolean {
    return now - entry.cachedAt > this.options.cacheMs;
  }

  private needsTouch(entry: Cached, now: number): boolean {
    return now - entry.session.lastSeenAt.getTime() >= TOUCH_EVERY_MS;
  }

  /** The rules every request is held to, cached or not. */
  private admit({ session: s, principal }: Cached, now: number): UserPrincipal {
    if (s.revokedAt) throw new AppError('UNAUTHENTICATED', 'The session has been ended');
    if (s.userDisabled) throw new AppError('UNAUTHENTICATED', 'The account is disabled');
    if (now >= s.expiresAt.getTime()) throw new AppError('SESSION_EXPIRED');
    if (now - s.lastSeenAt.getTime() >= this.timeouts.idleMs)
      throw new AppError('SESSION_EXPIRED', 'The session was idle too long; log in again');
    return principal;
  }

  private load(token: string, now: number): Promise<Cached | undefined> {
    const generation = this.generation;
    const pending = this.loading.get(token);
    // A lookup that began before a revocation may have read the session before it ended.
    if (pending?.generation === generation) return pending.lookup;
    const lookup = this.sessions
      .byTokenHash(sha256(token))
      .then((session) => {
        if (!session) {
          this.cache.delete(token);
          return undefined;
        }
        const entry: Cached = { session, principal: principalOf(session), cachedAt: now };
        if (generation === this.generation) this.remember(token, entry);
        return entry;
      })
      .finally(() => {
        if (this.loading.get(token)?.lookup === lookup) this.loading.delete(token);
      });
    this.loading.set(token, { generation, lookup });
    return lookup;
  }

  private remember(token: string, entry: Cached): void {
    if (this.cache.size >= this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(token, entry);
  }

  forgetSessions(sessionIds: readonly string[]): void {
    this.generation++;
    const ids = new Set(sessionIds);
    for (const [token, entry] of this.cache) if (ids.has(entry.session.id)) this.cache.delete(token);
  }

  forgetUser(userId: string): void {
    this.generation++;
    for (const [token, entry] of this.cache) if (entry.session.userId === userId) this.cache.delete(token);
  }
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
