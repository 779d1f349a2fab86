import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
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
  await app.register(websocket, { options: { maxPayload: deps.maxPayloadBytes } });
  const allowed = new Set(deps.allowedOrigins.map((o) => new URL(o).origin));

  app.get(
    '/realtime',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary: 'Realtime socket (WebSocket); first frame {type:"auth", token}',
      },
      config: { access: { credential: 'custom' } },
      onRequest: async (request) => {
        if (!originAllowed(request, allowed))
          throw new AppError('FORBIDDEN', 'This origin may not open sockets');
      },
    },
    (socket) => {
      attachWebSocket(socket, deps.ctx);
    },
  );
};

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
