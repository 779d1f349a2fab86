import websocket from '@fastify/websocket';
import { SocketUpgrade } from '@parlor/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { closeCodeOf } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import type { RealtimeContext } from './realtime-context.js';
import { attachWebSocket } from './ws-transport.js';

export interface RealtimeRouteDeps {
  ctx: RealtimeContext;
  maxPayloadBytes: number;
  /** Browser origins allowed besides the server's own (public URL, CORS origins). */
  allowedOrigins: readonly string[];
}

/**
 * `GET /v1/realtime`: the socket for chat, presence and notices. The HTTP upgrade carries no
 * credential (tokens never go in URLs, and browsers cannot set headers on sockets); the session
 * token comes in the first frame. What the upgrade does check is the Origin, so a page on another
 * site cannot open a socket and feed it a token it stole elsewhere.
 */
export const realtimeRoutes: FastifyPluginAsync<RealtimeRouteDeps> = async (app, deps) => {
  const { ctx } = deps;
  // The plugin's default logs every socket error at error level with a stack: a stranger's
  // oversized or invalid-UTF-8 frame would write error lines at will. ws has already answered
  // those with a close frame (1009, 1007); here they are counted and logged at debug.
  const onSocketError = (error: Error & { code?: string }, socket: WebSocket) => {
    if (error.code?.startsWith('WS_ERR_')) {
      ctx.badInput(error.code);
      ctx.logger.debug({ code: error.code }, 'bad realtime frame from a client');
      setTimeout(() => socket.terminate(), 2_000).unref();
      return;
    }
    ctx.logger.error({ err: error }, 'realtime socket failed');
    socket.terminate();
  };
  await app.register(websocket, {
    // Compression off (ws's default, said here because it is a choice): a deflate context costs
    // each socket tens of KiB, and chat frames are small.
    options: { maxPayload: deps.maxPayloadBytes, perMessageDeflate: false },
    errorHandler: onSocketError,
  });
  const allowed = new Set(deps.allowedOrigins.map((o) => new URL(o).origin));
  const perAddress = ctx.budgets.socketsPerAddress;

  app.get(
    '/realtime',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary: 'Realtime socket (WebSocket); first frame {type:"auth", token}',
        response: { 101: SocketUpgrade },
      },
      config: { access: { credential: 'custom' } },
      onRequest: async (request) => {
        if (!originAllowed(request, allowed))
          throw new AppError('FORBIDDEN', 'This origin may not open sockets');
        // Refused before the upgrade when it can be (cheap); counted for real once upgraded.
        if (perAddress.count(request.ip) >= perAddress.cap) {
          ctx.badInput('too_many_sockets');
          throw new AppError('RATE_LIMITED', 'Too many sockets from this address', { retryAfterSeconds: 5 });
        }
      },
    },
    (socket, request) => {
      const ip = request.ip;
      if (!perAddress.take(ip)) {
        ctx.badInput('too_many_sockets');
        socket.close(closeCodeOf('TOO_MANY_SOCKETS'), 'too many sockets from this address');
        return;
      }
      socket.once('close', () => perAddress.give(ip));
      forgetUpgrade(socket, request, onSocketError);
      attachWebSocket(socket, ctx);
    },
  );
};

/**
 * Lets the upgrade's HTTP objects go once the socket is open. The plugin's error listener closes
 * over Fastify's request and reply, and the response stays attached to the TCP socket: together
 * about 2 KiB that every idle socket would carry for its whole life. The listener that replaces it
 * holds the socket alone and answers errors the same way.
 */
function forgetUpgrade(
  socket: WebSocket,
  request: FastifyRequest,
  onError: (error: Error, socket: WebSocket) => void,
): void {
  socket.removeAllListeners('error');
  socket.on('error', (error) => onError(error, socket));
  const tcp = request.raw.socket as Socket & { _httpMessage?: ServerResponse | null };
  tcp._httpMessage?.detachSocket(tcp);
}

/** No Origin (not a browser), the server's own origin, or one configured. */
export function originAllowed(request: FastifyRequest, allowed: Set<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return allowed.has(parsed.origin) || parsed.host === request.headers.host;
}
