import { AUTHENTICATED_GROUP, type Principal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import type { SessionsStore, SessionWithUser } from './sessions-store.js';

export interface SessionTimeouts {
  absoluteMs: number;
  idleMs: number;
}

interface Cached {
  session: SessionWithUser;
  cachedAt: number;
}

// last_seen_at is written at most this often per session: an idle timeout measured in
// minutes does not need a database write on every request.
const TOUCH_EVERY_MS = 60_000;

/**
 * Turns a session token into a principal. Sessions are cached briefly by token hash; the
 * cache entry of a revoked session or user is dropped at once (`forgetSessions`/`forgetUser`,
 * called on this node by the revoking service and on other nodes through the bus), so
 * revocation takes effect on the very next request. The cache's own age limit bounds the
 * damage if a bus message is ever lost.
 */
export class SessionVerifier {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly sessions: SessionsStore,
    private readonly clock: Clock,
    private readonly timeouts: SessionTimeouts,
    private readonly options = { cacheMs: 5_000, cacheSize: 10_000 },
  ) {}

  async verify(token: string): Promise<Principal> {
    const now = this.clock.now().getTime();
    const hash = sha256(token);
    let entry = this.cache.get(hash);
    if (!entry || now - entry.cachedAt > this.options.cacheMs) {
      const session = await this.sessions.byTokenHash(hash);
      if (!session) {
        this.cache.delete(hash);
        throw new AppError('UNAUTHENTICATED', 'The session token is not valid');
      }
      entry = { session, cachedAt: now };
      this.remember(hash, entry);
    }
    const s = entry.session;
    if (s.revokedAt) throw new AppError('UNAUTHENTICATED', 'The session has been ended');
    if (s.userDisabled) throw new AppError('UNAUTHENTICATED', 'The account is disabled');
    if (now >= s.expiresAt.getTime()) throw new AppError('SESSION_EXPIRED');
    if (now - s.lastSeenAt.getTime() >= this.timeouts.idleMs)
      throw new AppError('SESSION_EXPIRED', 'The session was idle too long; log in again');
    if (now - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      s.lastSeenAt = new Date(now);
      await this.sessions.touch(s.id, s.lastSeenAt);
    }
    return {
      kind: 'user',
      userId: s.userId,
      username: s.username,
      sessionId: s.id,
      groups: [AUTHENTICATED_GROUP],
    };
  }

  private remember(hash: string, entry: Cached): void {
    if (this.cache.size >= this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(hash, entry);
  }

  forgetSessions(sessionIds: readonly string[]): void {
    const ids = new Set(sessionIds);
    for (const [hash, entry] of this.cache) if (ids.has(entry.session.id)) this.cache.delete(hash);
  }

  forgetUser(userId: string): void {
    for (const [hash, entry] of this.cache) if (entry.session.userId === userId) this.cache.delete(hash);
  }
}
