import {
  type ClientFrame,
  ClientFrame as ClientFrameSchema,
  CloseCodes,
  RealtimeErrors,
  type ServerFrame,
} from '@parlor/protocol';
import type { UserPrincipal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { Connection } from './connection.js';
import { FrameRateCap } from './frame-rate-cap.js';
import type { RealtimeContext } from './realtime-context.js';

export interface Subscription {
  key: string;
  kind: 'lobby' | 'game' | 'dm';
  gameId?: string;
  /** Users whose presence this subscription shows (the other side of a DM, a game's players). */
  watches: string[];
  unfollow(): void;
}

/** Errors a client can cause by misbehaving; this many and the socket is closed. */
const MAX_STRIKES = 10;
// Re-checking the session against storage this often catches a revocation whose bus notice was
// lost, and counts an open socket as activity for the session's idle timeout.
const REVERIFY_MS = 60_000;

/**
 * One socket's life: waits for `auth` (with a deadline), then handles frames one at a time in
 * arrival order. Frames are size-capped by the transport, rate-capped and schema-checked here;
 * a bad frame gets an error frame, never an exception, and repeated abuse closes the socket.
 */
export class RealtimeSession {
  user: UserPrincipal | undefined;
  expiresAt = 0;
  readonly subscriptions = new Map<string, Subscription>();
  /** Senders this user has blocked: their lobby and game messages are not delivered. */
  hidden = new Set<string>();
  private phase: 'new' | 'authenticating' | 'ready' | 'closed' = 'new';
  private strikes = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly rate: FrameRateCap;
  private token = '';

  constructor(
    readonly conn: Connection,
    readonly ctx: RealtimeContext,
  ) {
    this.rate = new FrameRateCap(ctx.limits.framesPerSecond);
    this.timers.push(
      setTimeout(() => {
        if (this.phase === 'new' || this.phase === 'authenticating')
          this.end(CloseCodes.AUTH_TIMEOUT, 'authentication timed out');
      }, ctx.limits.authTimeoutMs),
    );
  }

  get isOpen(): boolean {
    return this.phase !== 'closed';
  }

  /** A text frame from the transport. */
  receive(text: string): void {
    if (this.phase === 'closed') return;
    if (!this.rate.allow()) return this.refuse('RATE_LIMITED', 'Too many frames; slow down');
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
    this.queue = this.queue.then(() => this.handle(frame));
  }

  /** A binary frame or an oversized one: refused like any bad frame. */
  refuse(code: string, message: string, ref?: string): void {
    this.send({ type: 'error', code, message, ...(ref ? { ref } : {}) });
    if (++this.strikes >= MAX_STRIKES) this.end(CloseCodes.POLICY_VIOLATION, 'too many bad frames');
  }

  send(frame: ServerFrame): void {
    if (this.phase !== 'closed') this.conn.send(frame);
  }

  /** Says why, then closes; cleanup follows through `closed()`. */
  end(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    this.conn.send({ type: 'closing', code, reason });
    this.conn.close(code, reason);
    this.closed();
  }

  /** The transport reports the socket gone (or `end` did). Idempotent. */
  closed(): void {
    if (this.phase === 'closed') return;
    const wasReady = this.phase === 'ready';
    this.phase = 'closed';
    for (const t of this.timers) clearTimeout(t);
    for (const sub of this.subscriptions.values()) sub.unfollow();
    this.subscriptions.clear();
    if (wasReady) {
      this.ctx.registry.remove(this);
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
      const { principal, expiresAt } = await this.ctx.authenticate(token);
      if (this.phase !== 'authenticating') return;
      this.user = principal;
      this.expiresAt = expiresAt.getTime();
      this.token = token;
      this.hidden = new Set(await this.ctx.blocks.blockedBy(principal.userId));
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'UNAUTHENTICATED';
      const message = err instanceof AppError ? err.message : 'Authentication failed';
      this.send({ type: 'error', code, message });
      this.end(CloseCodes.AUTH_FAILED, code);
      if (!(err instanceof AppError)) this.ctx.logger.warn({ err }, 'socket authentication failed');
      return;
    }
    if (this.phase !== 'authenticating') return;
    this.phase = 'ready';
    this.ctx.registry.add(this);
    this.watchSession();
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

  private async handle(frame: ClientFrame): Promise<void> {
    if (this.phase === 'closed') return;
    const ref = 'ref' in frame ? frame.ref : undefined;
    if (frame.type !== 'auth' && this.phase !== 'ready')
      return this.refuse('AUTH_REQUIRED', RealtimeErrors.AUTH_REQUIRED, ref);
    try {
      await this.ctx.dispatch(this, frame);
    } catch (err) {
      if (err instanceof AppError) {
        this.send({ type: 'error', code: err.code, message: err.message, ...(ref ? { ref } : {}) });
      } else {
        this.ctx.logger.error({ err, frame: frame.type }, 'realtime handler failed');
        this.send({ type: 'error', code: 'INTERNAL', message: 'Something went wrong on our side', ref });
      }
    }
  }

  /** Closes the socket when its session expires, checked against the injected clock. */
  private watchSession(): void {
    let sinceVerify = 0;
    const every = this.ctx.limits.sessionCheckMs;
    const timer = setInterval(() => {
      if (this.ctx.clock.nowMs() >= this.expiresAt)
        return this.end(CloseCodes.SESSION_EXPIRED, 'session expired');
      sinceVerify += every;
      if (sinceVerify < REVERIFY_MS) return;
      sinceVerify = 0;
      this.ctx.authenticate(this.token).catch(() => this.end(CloseCodes.SESSION_ENDED, 'session ended'));
    }, every);
    timer.unref();
    this.timers.push(timer);
  }
}

function refOf(json: unknown): string | undefined {
  const ref = (json as { ref?: unknown } | null)?.ref;
  return typeof ref === 'string' && ref.length <= 64 ? ref : undefined;
}
