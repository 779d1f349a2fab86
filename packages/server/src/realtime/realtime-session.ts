import {
  type ClientFrame,
  ClientFrame as ClientFrameSchema,
  type ErrorCode,
  isStorableText,
  type ServerFrame,
  closeCodeOf,
  errorMessage,
} from '@parlor/protocol';
import type { UserPrincipal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { Connection } from './connection.js';
import type { FrameRateState } from './frame-rate-cap.js';
import type { RealtimeContext } from './realtime-context.js';
import type { SocketPeer } from './socket-peer.js';
import { SocketSubscriptions } from './socket-subscriptions.js';
import type { RecheckedSocket } from './session-recheck.js';

/** Errors a client can cause by misbehaving; this many and the socket is closed. */
const MAX_STRIKES = 10;
/** Frames one socket may have waiting for their turn (before auth, when no user budget applies yet). */
const MAX_PENDING_PER_SOCKET = 32;
// Re-checking the session against storage this often catches a revocation whose bus notice was
// lost, and counts an open socket as activity for the session's idle timeout.
const REVERIFY_MS = 60_000;

const TOO_MANY_SOCKETS = new AppError('RATE_LIMITED', 'Too many open sockets for this user');
// Never written (the type says so): the `hidden` of every socket whose user blocks nobody, so
// that an idle socket does not carry an empty Set of its own.
const NOBODY: ReadonlySet<string> = new Set();

/**
 * One socket's life: waits for `auth` (with a deadline), then handles frames one at a time in
 * arrival order. Frames are size-capped by the transport, rate-capped and schema-checked here;
 * a bad frame gets an error frame, never an exception, and repeated abuse closes the socket.
 */
export class RealtimeSession implements SocketPeer, RecheckedSocket, FrameRateState {
  user: UserPrincipal | undefined;
  expiresAt = 0;
  readonly subscriptions: SocketSubscriptions;
  /** Senders this user has blocked: their lobby and game messages are not delivered. */
  hidden: ReadonlySet<string> = NOBODY;
  frameTatUs: number | undefined;
  private phase: 'new' | 'authenticating' | 'ready' | 'closed' = 'new';
  private strikes = 0;
  /** The last frame's turn while any is waiting; none when idle (a settled promise is 0.1 KiB kept for nothing). */
  private queue: Promise<void> | undefined;
  private pending = 0;
  /** Until `ready`: an idle signed-in socket keeps no timer of its own (see SocketSweep). */
  private authDeadline: NodeJS.Timeout | undefined;
  private sinceVerifyMs = 0;
  private token = '';

  constructor(
    readonly conn: Connection,
    readonly ctx: RealtimeContext,
  ) {
    this.subscriptions = new SocketSubscriptions(this, ctx.registry);
    this.authDeadline = setTimeout(() => {
      if (this.phase === 'new' || this.phase === 'authenticating') this.end('AUTH_TIMEOUT');
    }, ctx.limits.authTimeoutMs);
  }

  get isOpen(): boolean {
    return this.phase !== 'closed';
  }

  /** A text frame from the transport. */
  receive(text: string): void {
    if (this.phase === 'closed') return;
    if (!this.ctx.frameRate.allow(this)) return this.refuse('RATE_LIMITED', 'Too many frames; slow down');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.refuse('BAD_FRAME', 'Frames are JSON objects');
    }
    const parsed = ClientFrameSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return this.refuse('BAD_FRAME', `${where}${issue?.message ?? 'invalid frame'}`, refOf(json));
    }
    const frame = parsed.data;
    // Work waiting for its turn is bounded per socket and, once signed in, per user across all
    // their sockets: a flood of frames is refused, not queued.
    const userId = this.phase === 'ready' ? this.user?.userId : undefined;
    const budget = this.ctx.budgets.queuedFramesPerUser;
    if (this.pending >= MAX_PENDING_PER_SOCKET || (userId !== undefined && !budget.take(userId)))
      return this.refuse(
        'RATE_LIMITED',
        'Too many frames waiting for an answer; wait for replies',
        refOf(json),
      );
    this.pending++;
    this.queue = (this.queue ?? Promise.resolve())
      .then(() => this.handle(frame))
      .finally(() => {
        // None waiting means this chain is the last one: nothing is ordered after it.
        if (--this.pending === 0) this.queue = undefined;
        if (userId !== undefined) budget.give(userId);
      });
  }

  /** A binary frame or an oversized one: refused like any bad frame. */
  refuse(code: ErrorCode, message: string, ref?: string): void {
    this.ctx.badInput(code);
    this.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
    if (++this.strikes >= MAX_STRIKES) this.end('POLICY_VIOLATION', 'too many bad frames');
  }

  send(frame: ServerFrame): void {
    if (this.phase !== 'closed') this.conn.send(frame);
  }

  /** Says why in a `closing` frame, then closes with the code's close code; cleanup follows through `closed()`. */
  end(code: ErrorCode, message: string = errorMessage(code)): void {
    if (this.phase === 'closed') return;
    this.conn.send({ type: 'closing', code, message });
    this.conn.close(closeCodeOf(code), message);
    this.closed();
  }

  /** The transport reports the socket gone (or `end` did). Idempotent. */
  closed(): void {
    if (this.phase === 'closed') return;
    const wasReady = this.phase === 'ready';
    this.phase = 'closed';
    clearTimeout(this.authDeadline);
    this.authDeadline = undefined;
    this.ctx.sweep.removeSession(this);
    for (const sub of this.subscriptions.values()) sub.unfollow();
    this.subscriptions.clear();
    // Registered from the moment its user is known (see authenticate), ready or not.
    if (this.user) this.ctx.registry.remove(this);
    if (wasReady) {
      void this.ctx.presence
        .disconnected(this)
        .catch((err) => this.ctx.logger.warn({ err }, 'untrack failed'));
      void this.ctx.stats
        ?.socketClosed({ connectionId: this.conn.id })
        .catch((err) => this.ctx.logger.warn({ err }, 'could not record a socket closing'));
    }
  }

  /** Only `auth` is accepted before the session is ready, and only once. */
  async authenticate(token: string): Promise<void> {
    if (this.phase !== 'new') throw new AppError('CONFLICT', 'This connection is already authenticated');
    this.phase = 'authenticating';
    try {
      // Refused before any storage read when the user already has their sockets (cheap under a
      // flood), and counted again below in the same turn as registering.
      const { principal, expiresAt } = await this.ctx.authenticate(token, (p) => this.admit(p.userId));
      if (this.phase !== 'authenticating') return;
      this.admit(principal.userId);
      this.user = principal;
      this.ctx.registry.add(this);
      this.expiresAt = expiresAt.getTime();
      this.token = token;
      const blocked = await this.ctx.visibility.blockedBy(principal.userId);
      this.hidden = blocked.length > 0 ? new Set(blocked) : NOBODY;
    } catch (err) {
      if (err === TOO_MANY_SOCKETS) {
        this.ctx.badInput('too_many_sockets');
        return this.end('TOO_MANY_SOCKETS', TOO_MANY_SOCKETS.message);
      }
      const code = err instanceof AppError ? err.code : 'UNAUTHENTICATED';
      const message = err instanceof AppError ? err.message : 'Authentication failed';
      this.end(code, message);
      if (!(err instanceof AppError)) this.ctx.logger.warn({ err }, 'socket authentication failed');
      return;
    }
    if (this.phase !== 'authenticating') return;
    this.phase = 'ready';
    clearTimeout(this.authDeadline);
    this.authDeadline = undefined;
    this.ctx.sweep.addSession(this);
    await this.ctx.stats
      ?.socketConnected({ userId: this.user.userId, connectionId: this.conn.id })
      // A socket that closed while its opening was recorded is closed in stats too.
      .then(() => (this.isOpen ? undefined : this.ctx.stats?.socketClosed({ connectionId: this.conn.id })))
      .catch((err) => this.ctx.logger.warn({ err }, 'could not record a socket opening'));
    await this.ctx.presence.connected(this);
    this.send({
      type: 'ready',
      connectionId: this.conn.id,
      userId: this.user.userId,
      heartbeatMs: this.ctx.limits.heartbeatMs,
    });
  }

  /** Throws when the user has as many sockets on this node as allowed. */
  private admit(userId: string): void {
    if (this.ctx.registry.sessionsOf(userId).length >= this.ctx.budgets.socketsPerUser)
      throw TOO_MANY_SOCKETS;
  }

  private async handle(frame: ClientFrame): Promise<void> {
    if (this.phase === 'closed') return;
    const ref = 'ref' in frame ? frame.ref : undefined;
    if (frame.type !== 'auth' && this.phase !== 'ready')
      return this.refuse('AUTH_REQUIRED', errorMessage('AUTH_REQUIRED'), ref);
    try {
      // `auth` drives this session's own state; every other frame goes to a feature's handler.
      if (frame.type === 'auth') await this.authenticate(frame.token);
      else await this.ctx.dispatch(this, frame);
    } catch (err) {
      if (err instanceof AppError) {
        this.send({ type: 'error', code: err.code, message: err.message, ...(ref ? { ref } : {}) });
      } else {
        this.ctx.logger.error({ err, frame: frame.type }, 'realtime handler failed');
        this.send({ type: 'error', code: 'INTERNAL', message: errorMessage('INTERNAL'), ref });
      }
    }
  }

  /**
   * Every `sessionCheckMs` once ready (the node's session sweep): closes the socket when its
   * session expires, by the injected clock, and says when it is due its REVERIFY_MS re-check,
   * which the sweep makes for all the sockets due at once (`sessionToken`, `sessionRefused`).
   */
  checkSession(nowMs: number): boolean {
    if (nowMs >= this.expiresAt) {
      this.end('SESSION_EXPIRED');
      return false;
    }
    this.sinceVerifyMs += this.ctx.limits.sessionCheckMs;
    if (this.sinceVerifyMs < REVERIFY_MS) return false;
    this.sinceVerifyMs = 0;
    return true;
  }

  /** The token this socket signed in with, for its session's re-check. */
  get sessionToken(): string {
    return this.token;
  }

  /** Its session's re-check refused it (ended, disabled, idle, or no longer allowed realtime). */
  sessionRefused(): void {
    this.end('SESSION_ENDED');
  }
}

function refOf(json: unknown): string | undefined {
  const ref = (json as { ref?: unknown } | null)?.ref;
  // Echoed only if it is a ref the protocol allows: a bad frame's ref is as hostile as the rest.
  return typeof ref === 'string' && ref.length >= 1 && ref.length <= 64 && isStorableText(ref)
    ? ref
    : undefined;
}
