import { randomUUID } from 'node:crypto';
import { closeCodeOf, type ServerFrame } from '@parlor/protocol';
import type { RawData, WebSocket } from 'ws';
import type { Connection } from './connection.js';
import type { RealtimeContext } from './realtime-context.js';
import { RealtimeSession } from './realtime-session.js';
import type { Heartbeating } from './socket-sweep.js';

// A client that lets this much pile up unread is not keeping up; dropping it protects the node's
// memory and the other clients' latency. It can reconnect and resume by seq.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * A `ws` socket as a Connection. Its state is fields of one object and its heartbeat is the
 * node's sweep, not a timer and a set of closures per socket: an idle socket's whole cost is
 * what ws and the session need.
 */
class WsConnection implements Connection, Heartbeating {
  readonly id = randomUUID();
  private closing = false;
  /** Heard from since the last ping (a pong or any frame). */
  alive = true;

  constructor(private readonly socket: WebSocket) {}

  send(frame: ServerFrame): void {
    const { socket } = this;
    if (this.closing || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.closing = true;
      socket.close(closeCodeOf('POLICY_VIOLATION'), 'client too slow');
      return;
    }
    socket.send(JSON.stringify(frame));
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    const { socket } = this;
    socket.close(code, reason.slice(0, 120));
    // A peer that never answers the close handshake is cut off.
    setTimeout(() => socket.terminate(), 2_000).unref();
  }

  heartbeat(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }
}

/** Maps a `ws` socket onto a Connection, joins it to the heartbeat sweep, and feeds frames to a RealtimeSession. */
export function attachWebSocket(socket: WebSocket, ctx: RealtimeContext): RealtimeSession {
  const conn = new WsConnection(socket);
  const session = new RealtimeSession(conn, ctx);
  ctx.sweep.addHeartbeat(conn);

  socket.on('pong', () => (conn.alive = true));
  socket.on('message', (data: RawData, isBinary: boolean) => {
    conn.alive = true;
    if (isBinary) return session.refuse('BAD_FRAME', 'Frames are JSON text');
    session.receive(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
  });
  socket.on('close', () => {
    ctx.sweep.removeHeartbeat(conn);
    session.closed();
  });
  socket.on('error', (err) => ctx.logger.debug({ err }, 'socket error'));
  return session;
}
