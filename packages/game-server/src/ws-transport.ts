import {
  FirstFrame,
  GameErrorCode,
  decodeFrame,
  encodeFrame,
  closeCodeOf,
  errorMessage,
} from '@parlor/protocol';
import type { Socket } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { BroadcastFramer } from './broadcast-framer.js';
import type { Clock } from './clock.js';
import { errorFields, type Logger } from './logger.js';
import { PendingSockets } from './pending-sockets.js';
import { PlayerSession, byteLength, toBytes } from './player-session.js';
import type { AdmitResult, GameRoom } from './room.js';
import type { ConnectTokenVerifier } from './token-verifier.js';
import type { TransportLimits } from './transport-limits.js';
import { WsPlayerConnection } from './ws-connection.js';

export interface PlayerListenerOptions {
  host: string;
  port: number;
  room: GameRoom;
  verify: ConnectTokenVerifier;
  limits: TransportLimits;
  clock: Clock;
  log: Logger;
  /** A mini-game's game: a text first frame is its server attaching (minigame-link.ts). */
  attachMinigame?: (ws: WebSocket, first: string) => MessageSink | null;
}

/** Where an authenticated socket's later frames go. */
export interface MessageSink {
  onMessage(data: RawData, isBinary: boolean): void;
}

export interface PlayerListener {
  port: number;
  /** Stops accepting; waits up to drainMs for open sockets to finish closing, then cuts them. */
  close(drainMs: number): Promise<void>;
}

/**
 * The game's WebSocket endpoint. Until the first frame proves who is connecting
 * (hello with a connect token, or resume with a resume token), a socket gets no
 * per-player state, and any refusal answers with less data than it received.
 */
export async function listenForPlayers(o: PlayerListenerOptions): Promise<PlayerListener> {
  const wss = new WebSocketServer({
    host: o.host,
    port: o.port,
    maxPayload: o.limits.maxPayloadBytes,
    perMessageDeflate: false,
    clientTracking: true,
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('error', (err) => o.log.error('player listener error', errorFields(err)));
  const pending = new PendingSockets<WebSocket>(
    { maxPending: o.limits.maxPendingSockets, maxPendingPerAddress: o.limits.maxPendingPerAddress },
    (ws) => refuse(ws, GameErrorCode.AUTH_TIMEOUT, 0, o.clock),
  );
  const framer = new BroadcastFramer();
  wss.on('connection', (ws, req) => onConnection({ ws, socket: req.socket, framer }, pending, o));
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  return {
    port,
    close: async (drainMs) => {
      const open = [...wss.clients];
      await Promise.race([
        Promise.all(
          open.map(
            (ws) =>
              new Promise((done) => (ws.readyState === ws.CLOSED ? done(null) : ws.once('close', done))),
          ),
        ),
        new Promise((done) => o.clock.setTimeout(() => done(null), drainMs)),
      ]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** A player's socket: `ws` for the protocol, the socket under it for pre-framed broadcasts. */
interface Upgraded {
  ws: WebSocket;
  socket: Socket;
  framer: BroadcastFramer;
}

function onConnection(up: Upgraded, pending: PendingSockets<WebSocket>, o: PlayerListenerOptions): void {
  const { ws } = up;
  const address = clientAddress(up.socket.remoteAddress);
  ws.on('error', (err) => o.log.warn('player socket error', errorFields(err)));
  // Counted as a stranger's until it authenticates or is gone (a refused one until it has closed).
  pending.add(ws, address);
  let session: MessageSink | null = null;
  let first = true;
  const deadline = o.clock.setTimeout(
    () => refuse(ws, GameErrorCode.AUTH_TIMEOUT, 0, o.clock),
    o.limits.helloTimeoutMs,
  );
  ws.on('close', () => {
    o.clock.clearTimeout(deadline);
    pending.remove(ws);
  });
  ws.on('message', (data, isBinary) => {
    if (session) return session.onMessage(data, isBinary);
    if (!first) return; // Frames after a refused first frame, while the close completes.
    first = false;
    o.clock.clearTimeout(deadline);
    try {
      session = onFirstFrame(up, data, isBinary, o);
      if (session) pending.remove(ws);
    } catch (err) {
      o.log.error('handshake threw', errorFields(err));
      ws.terminate();
    }
  });
}

/**
 * One budget key per client: an IPv4 address (also when it shows as ::ffff:a.b.c.d on a
 * dual-stack socket), or an IPv6 /64, which one host usually holds whole.
 */
export function clientAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  if (remote.startsWith('::ffff:') && remote.includes('.')) return remote.slice(7);
  if (!remote.includes(':')) return remote;
  const [head = '', tail] = remote.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function onFirstFrame(
  { ws, socket, framer }: Upgraded,
  data: RawData,
  isBinary: boolean,
  o: PlayerListenerOptions,
): MessageSink | null {
  const size = byteLength(data);
  if (!isBinary && o.attachMinigame && size <= o.limits.firstFrameMaxBytes)
    return o.attachMinigame(ws, data.toString());
  if (!isBinary || size > o.limits.firstFrameMaxBytes)
    return refuse(ws, GameErrorCode.BAD_FRAME, size, o.clock);
  let decoded: unknown;
  try {
    decoded = decodeFrame(toBytes(data));
  } catch {
    return refuse(ws, GameErrorCode.BAD_FRAME, size, o.clock);
  }
  const frame = FirstFrame.safeParse(decoded);
  if (!frame.success) return refuse(ws, GameErrorCode.BAD_FRAME, size, o.clock);
  const conn = new WsPlayerConnection(ws, socket, framer, o.limits.maxBufferedBytes, o.clock);
  let admitted: AdmitResult;
  if (frame.data.type === 'hello') {
    const verified = o.verify(frame.data.token);
    if (!verified.ok) {
      o.log.warn('connect token refused', { code: verified.code, detail: verified.detail });
      return refuse(ws, verified.code, size, o.clock);
    }
    const { playerId, displayName } = verified.payload;
    admitted = o.room.admitWithToken({ playerId, displayName }, conn);
    if (!admitted.ok) {
      // The sender proved who they are: they get the reason in full.
      conn.close({ code: admitted.code, message: errorMessage(admitted.code) });
      return null;
    }
  } else {
    admitted = o.room.admitWithResume(frame.data.token, conn);
    if (!admitted.ok) return refuse(ws, admitted.code, size, o.clock);
  }
  o.log.info('player attached', { playerId: admitted.playerId, via: frame.data.type });
  return new PlayerSession(ws, conn, admitted.playerId, o.room, o.limits, o.clock, o.log);
}

/** Refuses an unauthenticated socket: a short closing frame only if smaller than what came in. */
function refuse(ws: WebSocket, code: GameErrorCode, receivedBytes: number, clock: Clock): null {
  if (ws.readyState !== ws.OPEN) return null;
  const closing = encodeFrame({ type: 'closing', code });
  if (closing.length < receivedBytes) ws.send(closing);
  ws.close(closeCodeOf(code));
  // A peer that never completes the close handshake does not get to keep the socket.
  const cut = clock.setTimeout(() => ws.terminate(), REFUSED_SOCKET_LINGER_MS);
  ws.once('close', () => clock.clearTimeout(cut));
  return null;
}

const REFUSED_SOCKET_LINGER_MS = 1_000;
