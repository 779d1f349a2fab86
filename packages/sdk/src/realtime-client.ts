import { closeCodeOf, type MessageView, type PresenceView, type ServerFrame } from '@parlor/protocol';
import { Emitter } from './emitter.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

export interface RealtimeClientOptions {
  /** `ws(s)://<origin>/v1/realtime` */
  url: string;
  token: string;
  WebSocket: WebSocketConstructor;
  /** First delay before a reconnect; doubles (with jitter) up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Why the socket ended for good: the session is over, so reconnecting would not help. */
export interface SignedOutEvent {
  /** 4001 ended (signed out elsewhere, revoked, deauthenticated), 4002 expired, 4003 refused. */
  closeCode: number;
  reason: string;
}

export interface RealtimeEvents extends Record<string, unknown> {
  ready: { userId: string; connectionId: string };
  message: { channel: string; message: MessageView };
  deleted: { channel: string; seq: number };
  presence: PresenceView;
  game: Extract<ServerFrame, { type: 'game' }>;
  error: { code: string; message: string; ref?: string };
  reconnecting: { attempt: number; inMs: number };
  signedOut: SignedOutEvent;
}

// The session is over (or the token was never good): reconnecting cannot help.
const FINAL_CLOSES: ReadonlySet<number> = new Set(
  (['SESSION_ENDED', 'SESSION_EXPIRED', 'UNAUTHENTICATED', 'WRONG_CREDENTIAL_KIND'] as const).map(
    closeCodeOf,
  ),
);

/**
 * The realtime socket: sends the token in the first frame, reconnects with backoff, and on each
 * reconnect resubscribes every channel from the last seq it delivered, so the caller sees each
 * message once and in order across drops. Ends for good when the session does (`signedOut`).
 */
export class RealtimeClient {
  userId: string | null = null;
  private readonly events = new Emitter<RealtimeEvents>();
  /** Channel → highest seq delivered to the caller. */
  private readonly channels = new Map<string, number>();
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private stopped = false;
  private ready = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private liveness: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;

  constructor(private readonly o: RealtimeClientOptions) {}

  on<K extends keyof RealtimeEvents>(event: K, fn: (value: RealtimeEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  get connected(): boolean {
    return this.ready && this.socket?.readyState === OPEN;
  }

  /** Opens the socket; resolves once authenticated. Later drops reconnect on their own. */
  connect(): Promise<void> {
    this.stopped = false;
    return new Promise((resolve, reject) => {
      const offReady = this.on('ready', () => {
        offReady();
        offOut();
        resolve();
      });
      const offOut = this.on('signedOut', (e) => {
        offReady();
        offOut();
        reject(Object.assign(new Error(e.reason), e));
      });
      this.open();
    });
  }

  /** Follows a channel. `after` is the last seq already shown (from a REST page); 0 replays all. */
  subscribe(channel: string, after?: number): void {
    const known = this.channels.get(channel);
    const from = Math.max(after ?? 0, known ?? 0);
    this.channels.set(channel, from);
    if (this.connected) this.send({ type: 'subscribe', channel, after: from });
  }

  unsubscribe(channel: string): void {
    if (!this.channels.delete(channel)) return;
    if (this.connected) this.send({ type: 'unsubscribe', channel });
  }

  /** Stops for good (sign-out, page left). */
  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.liveness);
    this.socket?.close(1000);
    this.socket = null;
  }

  private open(): void {
    const socket = new this.o.WebSocket(this.o.url);
    this.socket = socket;
    this.ready = false;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: this.o.token }) as never);
    socket.onmessage = (event: { data: unknown }) => {
      if (socket === this.socket && typeof event.data === 'string') this.onFrame(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = (event: { code: number; reason?: string }) => {
      if (socket === this.socket) this.onClose(event.code, event.reason ?? '');
    };
  }

  private send(frame: object): void {
    this.socket?.send(JSON.stringify(frame) as never);
  }

  private onFrame(text: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    this.lastHeard = Date.now();
    switch (frame.type) {
      case 'ready':
        return this.onReady(frame);
      case 'message': {
        // A replay after a resubscribe may overlap what was already delivered: drop those.
        const last = this.channels.get(frame.channel);
        if (last === undefined || frame.message.seq <= last) return;
        this.channels.set(frame.channel, frame.message.seq);
        return this.events.emit('message', { channel: frame.channel, message: frame.message });
      }
      case 'message_deleted':
        return this.events.emit('deleted', { channel: frame.channel, seq: frame.seq });
      case 'presence': {
        const { type: _type, ...presence } = frame;
        return this.events.emit('presence', presence);
      }
      case 'game':
        return this.events.emit('game', frame);
      case 'error':
        return this.events.emit('error', { code: frame.code, message: frame.message, ref: frame.ref });
      case 'closing':
      case 'subscribed':
      case 'unsubscribed':
      case 'pong':
        return;
    }
  }

  private onReady(frame: Extract<ServerFrame, { type: 'ready' }>): void {
    this.ready = true;
    this.attempt = 0;
    this.userId = frame.userId;
    for (const [channel, after] of this.channels) this.send({ type: 'subscribe', channel, after });
    this.watchLiveness(frame.heartbeatMs);
    this.events.emit('ready', { userId: frame.userId, connectionId: frame.connectionId });
  }

  /** A socket can die silently (a laptop asleep, a lost network): ping, and drop it if mute. */
  private watchLiveness(heartbeatMs: number): void {
    clearInterval(this.liveness);
    this.lastHeard = Date.now();
    this.liveness = setInterval(() => {
      if (Date.now() - this.lastHeard > heartbeatMs * 2.5) return this.socket?.close(4000);
      this.send({ type: 'ping' });
    }, heartbeatMs);
  }

  private onClose(code: number, reason: string): void {
    this.ready = false;
    clearInterval(this.liveness);
    if (this.stopped) return;
    if (FINAL_CLOSES.has(code)) {
      this.stopped = true;
      return this.events.emit('signedOut', { closeCode: code, reason });
    }
    this.attempt += 1;
    const base = Math.min(this.o.maxBackoffMs ?? 10_000, (this.o.backoffMs ?? 250) * 2 ** (this.attempt - 1));
    const inMs = Math.round(base * (0.75 + Math.random() * 0.5));
    this.events.emit('reconnecting', { attempt: this.attempt, inMs });
    this.retry = setTimeout(() => {
      if (!this.stopped) this.open();
    }, inMs);
  }
}
