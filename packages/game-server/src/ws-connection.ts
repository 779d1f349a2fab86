import { encodeFrame, closeCodeOf, type ServerMessage } from '@parlor/protocol';
import { WebSocket } from 'ws';
import type { Farewell, PlayerConnection } from './connection.js';

/** A player's socket as the room sees it. Slow readers are cut off, not buffered forever. */
export class WsPlayerConnection implements PlayerConnection {
  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {}

  send(message: ServerMessage): void {
    this.sendFrame(encodeFrame(message));
  }

  sendFrame(frame: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      // The client can resume once it catches up; the game does not wait for it.
      this.ws.terminate();
      return;
    }
    this.ws.send(frame);
  }

  close(farewell?: Farewell): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (farewell) this.ws.send(encodeFrame({ type: 'closing', ...farewell }));
    this.ws.close(farewell ? closeCodeOf(farewell.code) : 1000);
  }
}
