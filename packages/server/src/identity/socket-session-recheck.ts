import type { UserPrincipal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import type { IdentityStats } from '../stats/stats-recorder.js';
import {
  admitSession,
  type CachedSession,
  needsTouch,
  type SessionCache,
  type SessionTimeouts,
} from './session-cache.js';
import { SESSION_PREFIX } from './session-token.js';
import type { SessionsStore, SessionWithUser } from './sessions-store.js';

/** One socket's session after a re-check: still good until `expiresAt`, or refused and why. */
export type SocketRecheck =
  { ok: true; principal: UserPrincipal; expiresAt: Date } | { ok: false; error: AppError };

// A forget that lands while the sessions are read means one of them may have ended after it
// was read: they are read again, so the revocation wins. Bounded, for a storm of forgets.
const READS_BEFORE_GIVING_UP = 3;

/**
 * The periodic re-check of many realtime sockets' sessions at once, under the rules a single
 * verification applies: one read for every session the cache cannot answer, one `last_seen_at`
 * write and one stats write for every session due a touch. At 20,000 sockets that is a few
 * statements per sweep tick instead of a few hundred.
 */
export class SocketSessionRecheck {
  constructor(
    private readonly deps: {
      sessions: SessionsStore;
      cache: SessionCache;
      clock: Clock;
      timeouts: SessionTimeouts;
      stats?: Pick<IdentityStats, 'sessionsUsed'>;
    },
  ) {}

  /** Per token (each once, however often given): the answer. Rejects when storage fails. */
  async recheck(tokens: readonly string[]): Promise<Map<string, SocketRecheck>> {
    const { cache, timeouts } = this.deps;
    const now = this.deps.clock.nowMs();
    const unique = [...new Set(tokens)];
    const entries = new Map<string, CachedSession>();
    const unread: string[] = [];
    for (const token of unique) {
      const entry = token.startsWith(SESSION_PREFIX) ? cache.fresh(token, now) : undefined;
      if (entry) entries.set(token, entry);
      else if (token.startsWith(SESSION_PREFIX)) unread.push(token);
    }
    for (const [token, entry] of await this.read(unread, now)) entries.set(token, entry);
    const answers = new Map<string, SocketRecheck>();
    const touched = new Set<CachedSession>();
    for (const token of unique) {
      const entry = entries.get(token);
      if (!token.startsWith(SESSION_PREFIX))
        answers.set(token, refused(new AppError('UNAUTHENTICATED', 'Send a session token')));
      else if (!entry)
        answers.set(token, refused(new AppError('UNAUTHENTICATED', 'The session token is not valid')));
      else {
        try {
          const principal = admitSession(entry, now, timeouts);
          answers.set(token, { ok: true, principal, expiresAt: entry.session.expiresAt });
          if (needsTouch(entry, now)) touched.add(entry);
        } catch (err) {
          answers.set(token, refused(err as AppError));
        }
      }
    }
    await this.touch(touched, now);
    return answers;
  }

  /** The sessions of `tokens`, by token, from one statement (again if a forget raced it). */
  private async read(tokens: readonly string[], now: number): Promise<Map<string, CachedSession>> {
    const found = new Map<string, CachedSession>();
    if (tokens.length === 0) return found;
    let generation: number;
    let rows: Map<string, SessionWithUser>;
    let reads = 0;
    const hashes = tokens.map(sha256);
    do {
      generation = this.deps.cache.generation;
      rows = await this.deps.sessions.byTokenHashes(hashes);
    } while (generation !== this.deps.cache.generation && ++reads < READS_BEFORE_GIVING_UP);
    for (const [i, token] of tokens.entries()) {
      const session = rows.get(hashes[i]!);
      if (session) found.set(token, this.deps.cache.fill(token, session, now, generation));
      else this.deps.cache.drop(token);
    }
    return found;
  }

  private async touch(touched: ReadonlySet<CachedSession>, now: number): Promise<void> {
    if (touched.size === 0) return;
    const at = new Date(now);
    const entries = [...touched];
    for (const entry of entries) entry.session.lastSeenAt = at;
    await this.deps.sessions.touchMany(
      entries.map((e) => e.session.id),
      at,
    );
    await this.deps.stats?.sessionsUsed(
      entries.map((e) => ({ userId: e.session.userId, sessionId: e.session.id })),
    );
  }
}

const refused = (error: AppError): SocketRecheck => ({ ok: false, error });
