import {
  type ErrorCode,
  PatchFrame,
  PatchReader,
  ServerMessage,
  decodeFrame,
  encodeFrame,
  errorFromCloseCode,
  type GameResults,
  type GameTypeMeta,
  MinigameNotice,
  type RoomState,
  type StatePatch,
  type UiView,
  UiViewMessage,
  type WelcomeMessage,
} from '@parlor/protocol';
import { applyPatches, enablePatches, type Patch } from 'immer';
import { Emitter } from './emitter.js';
import { OPEN, frameBytes, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

enablePatches();

export interface GameClientOptions {
  /** The game server's WebSocket URL (from the matchmaker); the token is NOT put in it. */
  url: string;
  /** The connect token from the matchmaker; sent in the first frame. */
  token: string;
  WebSocket: WebSocketConstructor;
  /** Reconnect with the resume token after a drop (default true). */
  autoResume?: boolean;
  /** First delay between resume attempts; doubles up to 2 s. */
  resumeDelayMs?: number;
}

export interface ClosedEvent {
  /** Why the server closed us, when it said; undefined for a plain drop or a local close. */
  code?: ErrorCode;
  message?: string;
}

export interface GameClientEvents extends Record<string, unknown> {
  welcome: WelcomeMessage;
  state: RoomState;
  patches: StatePatch[];
  host: string;
  message: unknown;
  /** A mini-game sent this player's private screen (its component list). */
  view: UiView;
  /** The mini-game's server dropped and is reconnecting, or is back (`notice` below follows it). */
  notice: MinigameNotice;
  error: { code: ErrorCode; message?: string };
  ended: GameResults;
  reconnecting: { attempt: number };
  resumed: WelcomeMessage;
  closed: ClosedEvent;
}

/** A player's connection to one game server: state kept in sync, resumes after drops. */
export class GameClient {
  state: RoomState | null = null;
  playerId: string | null = null;
  meta: GameTypeMeta | null = null;
  results: GameResults | null = null;
  /** This player's latest private view from a mini-game; null until one arrives. */
  view: UiView | null = null;
  /** While a mini-game's server is reconnecting, the words to show; null otherwise. */
  notice: string | null = null;
  private readonly events = new Emitter<GameClientEvents>();
  private socket: WebSocketLike | null = null;
  private resumeToken: string | null = null;
  private graceMs = 0;
  private seq = 0;
  private patchReader: PatchReader | null = null;
  private final: ClosedEvent | null = null;
  private resumeUntil = 0;
  private attempt = 0;
  private welcomed = false;
  private firstWelcome: { resolve(w: WelcomeMessage): void; reject(e: Error): void } | null = null;

  constructor(private readonly o: GameClientOptions) {}

  on<K extends keyof GameClientEvents>(event: K, fn: (value: GameClientEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  get isHost(): boolean {
    return this.playerId !== null && this.state?.hostId === this.playerId;
  }

  get connected(): boolean {
    return this.welcomed && this.socket?.readyState === OPEN;
  }

  /** Connects with the connect token; resolves on the welcome, rejects if refused. */
  connect(): Promise<WelcomeMessage> {
    return new Promise((resolve, reject) => {
      this.firstWelcome = { resolve, reject };
      this.open({ type: 'hello', token: this.o.token });
    });
  }

  /** Host only: starts the game; `options` from `meta.options` (e.g. `{roundMinutes: 1}`). */
  configure(difficulty: string, options?: Record<string, number | string>): boolean {
    return this.send({ type: 'configure', difficulty, ...(options ? { options } : {}) });
  }

  sendInput(data: unknown): boolean {
    return this.send({ type: 'input', data });
  }

  /** Answered by a `pong` frame carrying the same `ref`. */
  ping(ref?: string): boolean {
    return this.send({ type: 'ping', ...(ref ? { ref } : {}) });
  }

  /** Leaves for good: the slot is freed at once, no grace window. */
  leave(): void {
    this.send({ type: 'leave' });
  }

  /** Closes locally without leaving: the server keeps the slot for its grace window. */
  close(): void {
    this.finish({});
    this.socket?.close(1000);
  }

  private onMessage(data: unknown): void {
    const view = UiViewMessage.safeParse(data);
    if (view.success) {
      this.view = view.data.view;
      this.events.emit('view', view.data.view);
    }
    const notice = MinigameNotice.safeParse(data);
    if (notice.success) {
      this.notice = notice.data.notice === 'reconnecting' ? notice.data.text : null;
      this.events.emit('notice', notice.data);
    }
    this.events.emit('message', data);
  }

  private send(message: object): boolean {
    if (!this.connected || !this.socket) return false;
    this.socket.send(encodeFrame(message));
    return true;
  }

  private open(first: object): void {
    const socket = new this.o.WebSocket(this.o.url);
    this.socket = socket;
    this.welcomed = false;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => socket.send(encodeFrame(first));
    socket.onmessage = (event: { data: unknown }) => {
      if (socket === this.socket) this.onFrame(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = (event: { code: number }) => {
      if (socket === this.socket) this.onClose(event.code);
    };
  }

  private onFrame(data: unknown): void {
    const bytes = frameBytes(data);
    if (!bytes) return;
    let decoded: unknown;
    try {
      decoded = decodeFrame(bytes);
    } catch {
      return;
    }
    // Patch frames are arrays, every other frame a map (docs/state-encoding.md).
    if (Array.isArray(decoded)) return this.onPatchFrame(decoded);
    const parsed = ServerMessage.safeParse(decoded);
    if (!parsed.success) return;
    const msg = parsed.data;
    switch (msg.type) {
      case 'welcome':
        return this.onWelcome(msg);
      case 'host':
        return this.events.emit('host', msg.playerId);
      case 'message':
        return this.onMessage(msg.data);
      case 'error':
        return this.events.emit('error', { code: msg.code, message: msg.message });
      case 'ended':
        this.results = msg.results;
        this.events.emit('ended', msg.results);
        return this.finish({});
      case 'closing':
        return this.finish({ code: msg.code, message: msg.message });
      case 'pong':
        return;
    }
  }

  private onPatchFrame(raw: unknown[]): void {
    const parsed = PatchFrame.safeParse(raw);
    if (!parsed.success || !this.state || !this.patchReader) return;
    const frame = parsed.data;
    if (frame[1] <= this.seq) return;
    let patches: StatePatch[];
    try {
      patches = this.patchReader.read(frame);
      this.state = applyPatches(this.state, patches as Patch[]);
    } catch {
      // A frame this client cannot follow: a resume brings a fresh snapshot.
      this.patchReader = null;
      this.socket?.close(1000);
      return;
    }
    this.seq = frame[1];
    this.events.emit('patches', patches);
    this.events.emit('state', this.state);
  }

  private onWelcome(msg: WelcomeMessage): void {
    const resumed = this.playerId !== null;
    this.welcomed = true;
    this.attempt = 0;
    this.playerId = msg.playerId;
    this.resumeToken = msg.resumeToken;
    this.graceMs = msg.graceMs;
    this.meta = msg.meta;
    this.seq = msg.seq;
    this.patchReader = new PatchReader(msg.paths);
    this.state = msg.state;
    this.events.emit(resumed ? 'resumed' : 'welcome', msg);
    this.events.emit('state', msg.state);
    this.firstWelcome?.resolve(msg);
    this.firstWelcome = null;
  }

  private onClose(closeCode: number): void {
    this.welcomed = false;
    const refusal = errorFromCloseCode(closeCode);
    if (refusal) this.finish({ code: refusal });
    if (!this.final && (this.o.autoResume === false || this.resumeToken === null)) this.finish({});
    if (!this.final) {
      if (this.attempt === 0) this.resumeUntil = Date.now() + this.graceMs;
      if (Date.now() < this.resumeUntil) return this.scheduleResume();
      this.finish({ code: 'RESUME_INVALID' });
    }
    this.closed();
  }

  private scheduleResume(): void {
    this.attempt += 1;
    this.events.emit('reconnecting', { attempt: this.attempt });
    const delay = Math.min(2_000, (this.o.resumeDelayMs ?? 100) * 2 ** (this.attempt - 1));
    setTimeout(() => {
      if (!this.final) this.open({ type: 'resume', token: this.resumeToken });
    }, delay);
  }

  private finish(reason: ClosedEvent): void {
    this.final ??= reason;
  }

  private closed(): void {
    const reason = this.final ?? {};
    if (this.firstWelcome) {
      const err = Object.assign(new Error(reason.message ?? reason.code ?? 'connection closed'), {
        code: reason.code,
      });
      this.firstWelcome.reject(err);
      this.firstWelcome = null;
    }
    this.events.emit('closed', reason);
  }
}
