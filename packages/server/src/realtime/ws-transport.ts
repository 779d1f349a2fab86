import { randomUUID } from 'node:crypto';
import { closeCodeOf } from '@parlor/protocol';
import type { WebSocket } from 'ws';
import type { Connection } from './connection.js';
import type { RealtimeContext } from './realtime-context.js';
import { RealtimeSession } from './realtime-session.js';

// A client that lets this much pile up unread is not keeping up; dropping it protects the node's
// memory and the other clients' latency. It can reconnect and resume by seq.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** Maps a `ws` socket onto a Connection, runs heartbeats, and feeds frames to a RealtimeSession. */
export function attachWebSocket(socket: WebSocket, ctx: RealtimeContext): RealtimeSession {
  let closing = false;
  const conn: Connection = {
    id: randomUUID(),
    send(frame) {
      if (closing || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        closing = true;
        socket.close(closeCodeOf('POLICY_VIOLATION'), 'client too slow');
        return;
      }
      socket.send(JSON.stringify(frame));
    },
    close(code, reason) {
      if (closing) return;
      closing = true;
      socket.close(code, reason.slice(0, 120));
      // A peer that never answers the close handshake is cut off.
      setTimeout(() => socket.terminate(), 2_000).unref();
    },
  };
  const session = new RealtimeSession(conn, ctx);

  let alive = true;
  const heartbeat = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, ctx.limits.heartbeatMs);
  heartbeat.unref();

  socket.on('pong', () => (alive = true));
  socket.on('message', (data, isBinary) => {
    alive = true;
    if (isBinary) return session.refuse('BAD_FRAME', 'Frames are JSON text');
    session.receive(Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8'));
  });
  socket.on('close', () => {
    clearInterval(heartbeat);
    session.closed();
  });
  socket.on('error', (err) => ctx.logger.debug({ err }, 'socket error'));
  return session;
}
