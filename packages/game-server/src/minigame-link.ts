import {
  MINIGAME_PROTOCOL_VERSIONS,
  MinigameAttach,
  MinigameGameMessage,
  closeCodeOf,
  errorMessage,
  type MinigameGameEvent,
} from '@parlor/protocol';
import type { RawData, WebSocket } from 'ws';
import { openAttachToken } from './attach-token.js';
import type { Clock, TimerHandle } from './clock.js';
import type { Logger } from './logger.js';
import { ReplayGuard } from './replay-guard.js';
import { TokenBucket } from './token-bucket.js';

export interface MinigameLinkOptions {
  gameId: string;
  minigameId: string;
  connectKey: Uint8Array;
  clock: Clock;
  log: Logger;
  /** The mini-game broke the protocol, went away or never came: the game must end. */
  onFailure(message: string): void;
  /** How long the mini-game has to attach once the game server listens (default 20 s). */
  attachWithinMs?: number;
  /** How long the mini-game may stay silent once the game started (default MINIGAME_STALL_MS). */
  stallWithinMs?: number;
  /** How long a dropped mini-game has to attach again before the game ends (default 0: none). */
  reconnectGraceMs?: number;
  /** The game's players now, once it started (null before): sent in `resumed` on a re-attach. */
  players?: () => { playerId: string; displayName: string }[] | null;
}

/** What players are told of the mini-game's server, for the game's next tick to pass on. */
export type LinkNotice = 'reconnecting' | 'resumed';

/**
 * Players are looking at a started game with nothing on it: a mini-game that sends no frame at
 * all this long after `start` is stalled, and the game ends rather than leaving them waiting.
 */
export const MINIGAME_STALL_MS = 10_000;

// A mini-game is hostile until proven otherwise: bounded queue, frames and rate.
const MAX_QUEUED_EVENTS = 1_000;
const MAX_INBOX = 500;
const FRAMES_BURST = 200;
const FRAMES_PER_SECOND = 100;
const TOO_LARGE = 'The mini-game server sent a frame larger than 16 KiB';

/**
 * The one socket from the mini-game server to this game: it attaches with its attach token (as a
 * text frame, so any language's WebSocket client can speak it), then every frame it sends is
 * validated and queued for the game's tick, and the game's events are sent to it (queued until it
 * attaches). Anything wrong ends the game through `onFailure`, with words the players can read.
 */
export class MinigameLink {
  private socket: WebSocket | null = null;
  private readonly outbox: MinigameGameEvent[] = [];
  private inbox: MinigameGameMessage[] = [];
  private readonly guard: ReplayGuard;
  private readonly bucket: TokenBucket;
  private readonly attachDeadline: TimerHandle;
  private stallDeadline: TimerHandle | null = null;
  /** Set while a dropped mini-game may still attach again. */
  private graceDeadline: TimerHandle | null = null;
  private notices: LinkNotice[] = [];
  private failed = false;

  constructor(private readonly o: MinigameLinkOptions) {
    this.guard = new ReplayGuard(o.clock);
    this.bucket = new TokenBucket(o.clock, FRAMES_BURST, FRAMES_PER_SECOND);
    this.attachDeadline = o.clock.setTimeout(
      () => this.fail('The mini-game server did not attach to this game in time'),
      o.attachWithinMs ?? 20_000,
    );
  }

  /** The ws-transport hook: a text first frame is a mini-game attaching; null refuses it. */
  accept(ws: WebSocket, first: string): { onMessage(data: RawData, isBinary: boolean): void } | null {
    const frame = MinigameAttach.safeParse(parseJson(first));
    const opened = frame.success
      ? openAttachToken(this.o.connectKey, this.o.gameId, frame.data.token, this.o.clock.nowMs())
      : ({ ok: false, detail: 'frame' } as const);
    if (
      !opened.ok ||
      opened.minigameId !== this.o.minigameId ||
      !this.guard.claim(opened.nonce, opened.expiresAt) ||
      this.socket ||
      this.failed
    ) {
      this.o.log.warn('mini-game attach refused', {
        detail: opened.ok ? 'replayed or taken' : opened.detail,
      });
      closeWith(ws, 'MINIGAME_KEY_REFUSED', 'This attach token is not valid for this game');
      return null;
    }
    this.o.clock.clearTimeout(this.attachDeadline);
    const resuming = this.graceDeadline !== null;
    this.clearGraceDeadline();
    this.socket = ws;
    // ws reports a frame past maxPayload (or any other framing error) as an error before the
    // close, whose code is then whatever the peer answered: a violation, never a drop to wait out.
    let broke: string | null = null;
    ws.on('error', (err) => {
      const code = (err as { code?: string }).code;
      if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') broke = TOO_LARGE;
      else if (code?.startsWith('WS_ERR_')) broke = 'The mini-game server broke the WebSocket protocol';
    });
    ws.on('close', (code) => {
      if (this.socket !== ws) return;
      if (code === 1009 || broke) return this.fail(broke ?? TOO_LARGE);
      if (!this.o.reconnectGraceMs) return this.fail('The mini-game server disconnected');
      this.detach();
    });
    this.o.log.info('mini-game attached', { minigameId: this.o.minigameId, resuming });
    this.write({ type: 'attached', gameId: this.o.gameId, protocolVersion: MINIGAME_PROTOCOL_VERSIONS[0] });
    if (resuming) {
      const players = this.o.players?.();
      if (players) this.write({ type: 'resumed', players });
      this.notices.push('resumed');
    }
    // What happened while it was away (inputs, leaves, timers) follows, in order.
    for (const event of this.outbox.splice(0)) this.write(event);
    return { onMessage: (data, isBinary) => this.receive(data, isBinary) };
  }

  send(event: MinigameGameEvent): void {
    if (this.failed) return;
    if (event.type === 'start') this.armStallDeadline();
    if (this.socket) return this.write(event);
    if (this.outbox.length >= MAX_QUEUED_EVENTS) return this.fail('The mini-game server is not attached');
    this.outbox.push(event);
  }

  /** What the mini-game sent since the last tick, validated, in order. */
  drain(): MinigameGameMessage[] {
    const messages = this.inbox;
    this.inbox = [];
    return messages;
  }

  /** Notices for the players since the last call, oldest first. */
  takeNotices(): LinkNotice[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /** Ends the link for a reason the players and the studio can read; said once. */
  fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.o.clock.clearTimeout(this.attachDeadline);
    this.clearStallDeadline();
    this.clearGraceDeadline();
    this.o.log.warn('mini-game failed', { reason: message });
    const ws = this.socket;
    this.socket = null;
    if (ws) closeWith(ws, 'MINIGAME_FAILED', message);
    this.o.onFailure(message);
  }

  /** The game ended normally: the mini-game is told and let go. */
  close(message: string): void {
    this.failed = true;
    this.o.clock.clearTimeout(this.attachDeadline);
    this.clearStallDeadline();
    this.clearGraceDeadline();
    const ws = this.socket;
    this.socket = null;
    if (ws) closeWith(ws, 'SERVER_STOPPING', message);
  }

  /**
   * The mini-game's socket dropped without breaking the protocol: the game waits for it to attach
   * again (with a fresh token it asks for on its control socket); events queue meanwhile, bounded.
   */
  private detach(): void {
    this.socket = null;
    this.o.log.warn('mini-game detached; waiting for it to attach again', {
      graceMs: this.o.reconnectGraceMs,
    });
    this.notices.push('reconnecting');
    this.graceDeadline = this.o.clock.setTimeout(
      () => this.fail('The mini-game server disconnected and did not come back in time'),
      this.o.reconnectGraceMs!,
    );
  }

  private clearGraceDeadline(): void {
    if (this.graceDeadline) this.o.clock.clearTimeout(this.graceDeadline);
    this.graceDeadline = null;
  }

  private armStallDeadline(): void {
    this.clearStallDeadline();
    this.stallDeadline = this.o.clock.setTimeout(
      () => this.fail('The mini-game server stopped answering after the game started'),
      this.o.stallWithinMs ?? MINIGAME_STALL_MS,
    );
  }

  private clearStallDeadline(): void {
    if (this.stallDeadline) this.o.clock.clearTimeout(this.stallDeadline);
    this.stallDeadline = null;
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.failed) return;
    this.clearStallDeadline();
    if (!this.bucket.take()) return this.fail('The mini-game server sent too many messages');
    if (isBinary) return this.fail('The mini-game server sent a frame that is not JSON text');
    const parsed = MinigameGameMessage.safeParse(parseJson(data.toString()));
    if (!parsed.success) return this.fail('The mini-game server sent a message this Parlor does not accept');
    if (this.inbox.length >= MAX_INBOX) return this.fail('The mini-game server sent too many messages');
    this.inbox.push(parsed.data);
  }

  private write(event: MinigameGameEvent): void {
    const ws = this.socket;
    if (ws?.readyState === ws?.OPEN) ws!.send(JSON.stringify(event));
  }
}

function closeWith(
  ws: WebSocket,
  code: 'MINIGAME_KEY_REFUSED' | 'MINIGAME_FAILED' | 'SERVER_STOPPING',
  message: string,
) {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify({ type: 'closing', code, message: message || errorMessage(code) }));
  ws.close(closeCodeOf(code));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
