import { encodeFrame, closeCodeOf, type ServerMessage } from '@parlor/protocol';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { BroadcastFramer } from './broadcast-framer.js';
import type { Clock } from './clock.js';
import type { Farewell, PlayerConnection } from './connection.js';

// A closed socket whose peer never answers the close handshake is cut after this long, so a
// player who resumes again and again does not pile up half-closed sockets.
const CLOSING_SOCKET_LINGER_MS = 1_000;

/** A player's socket as the room sees it. Slow readers are cut off, not buffered forever. */
export class WsPlayerConnection implements PlayerConnection {
  constructor(
    private readonly ws: WebSocket,
    /** The socket under `ws`: a broadcast's frame, framed once, is written to it directly. */
    private readonly socket: Duplex,
    private readonly framer: BroadcastFramer,
    private readonly maxBufferedBytes: number,
    private readonly clock: Clock,
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
    // Whole frames only, and never after `ws` began its close (readyState is checked above), so
    // these writes interleave safely with the ones `ws` makes itself (pings, closing).
    if (this.socket.writable) this.socket.write(this.framer.wire(frame));
  }

  close(farewell?: Farewell): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (farewell) this.ws.send(encodeFrame({ type: 'closing', ...farewell }));
    this.ws.close(farewell ? closeCodeOf(farewell.code) : 1000);
    const cut = this.clock.setTimeout(() => this.ws.terminate(), CLOSING_SOCKET_LINGER_MS);
    this.ws.once('close', () => this.clock.clearTimeout(cut));
  }
}
