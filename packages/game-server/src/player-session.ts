import { ClientMessage, GameErrorCode, decodeFrame, errorMessage } from '@parlor/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Clock, TimerHandle } from './clock.js';
import { errorFields, type Logger } from './logger.js';
import type { GameRoom } from './room.js';
import { TokenBucket } from './token-bucket.js';
import type { TransportLimits } from './transport-limits.js';
import type { WsPlayerConnection } from './ws-connection.js';

/**
 * An authenticated player's socket: rate limit, decode, validate, hand to the room.
 * Floods and garbage cost the sender strikes; out of strikes, the socket is closed.
 */
export class PlayerSession {
  private readonly messages: TokenBucket;
  private readonly strikes: TokenBucket;
  private readonly keepAlive: TimerHandle;
  private alive = true;

  constructor(
    private readonly ws: WebSocket,
    private readonly conn: WsPlayerConnection,
    private readonly playerId: string,
    private readonly room: GameRoom,
    limits: TransportLimits,
    clock: Clock,
    private readonly log: Logger,
  ) {
    this.messages = new TokenBucket(clock, limits.messageBurst, limits.messagesPerSecond);
    this.strikes = new TokenBucket(clock, limits.strikeBurst, limits.strikesPerSecond);
    ws.on('pong', () => {
      this.alive = true;
    });
    this.keepAlive = clock.setInterval(() => this.checkAlive(), limits.keepAliveMs);
    ws.on('close', () => {
      clock.clearInterval(this.keepAlive);
      this.room.disconnected(this.playerId, this.conn);
    });
  }

  onMessage(data: RawData, isBinary: boolean): void {
    // Closed by the server (replaced, revoked, cut): what the peer still sends is not played.
    if (this.ws.readyState !== this.ws.OPEN) return;
    try {
      if (!this.messages.take()) return this.strike(GameErrorCode.RATE_LIMITED);
      if (!isBinary) return this.strike(GameErrorCode.BAD_FRAME);
      let decoded: unknown;
      try {
        decoded = decodeFrame(toBytes(data));
      } catch {
        return this.strike(GameErrorCode.BAD_FRAME);
      }
      const parsed = ClientMessage.safeParse(decoded);
      if (!parsed.success) return this.strike(GameErrorCode.BAD_FRAME);
      this.room.handle(this.playerId, this.conn, parsed.data);
    } catch (err) {
      // A bug on our side must cost this player their socket at most, never the game.
      this.log.error('player message handling threw', { playerId: this.playerId, ...errorFields(err) });
      this.conn.close({ code: GameErrorCode.INTERNAL });
    }
  }

  private strike(code: GameErrorCode): void {
    if (!this.strikes.take()) {
      this.log.warn('disconnecting a misbehaving client', { playerId: this.playerId, code });
      this.conn.close({ code, message: errorMessage(code) });
      return;
    }
    if (code === GameErrorCode.BAD_FRAME)
      this.conn.send({ type: 'error', code, message: errorMessage(code) });
  }

  private checkAlive(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }
}

export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

export function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}
