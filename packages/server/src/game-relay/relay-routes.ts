import type { IncomingMessage } from 'node:http';
import { SocketUpgrade, UuidParam } from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../platform/app-error.js';
import { originAllowed } from '../realtime/realtime-routes.js';
import type { RelaySockets } from './relay-sockets.js';
import { dialGameServer, pipeUpgrade, upgradeHead, type RelayTarget } from './upstream-pipe.js';

export interface RelayTargets {
  /** The server of a live game; throws NOT_FOUND, GAME_OVER or GAME_NOT_READY otherwise. */
  find(gameId: string): Promise<RelayTarget>;
}

export interface GameRelayDeps {
  targets: RelayTargets;
  sockets: RelaySockets;
  /** Browser origins allowed besides the server's own (public URL, CORS origins). */
  allowedOrigins: readonly string[];
  dialTimeoutMs: number;
}

/**
 * `GET /v1/games/{id}/socket`: the game socket on this node's own origin. The upgrade
 * carries no credential; it is checked (origin, caps, a live game) before anything is
 * dialled, then forwarded to the game server's private address and piped as bytes. The
 * connect token travels inside the WebSocket, to the game server, which checks it: the relay
 * never sees it in a form it reads.
 */
export const gameRelayRoutes: FastifyPluginAsyncZod<GameRelayDeps> = async (app, deps) => {
  const allowed = new Set(deps.allowedOrigins.map((o) => new URL(o).origin));

  // A refused upgrade gets its HTTP answer, then the socket goes: it must not serve more requests.
  app.addHook('onResponse', async (request) => {
    if (cameAsUpgrade(request.raw)) request.raw.socket.destroy();
  });
  app.addHook('preClose', async () => deps.sockets.closeAll());

  app.get(
    '/games/:id/socket',
    {
      schema: {
        tags: ['matchmaker'],
        summary: 'Game socket (WebSocket upgrade), relayed to the game server',
        description:
          'Open with a WebSocket client and send `{type:"hello", token}` (the connect token) as the first frame, ' +
          'exactly as to the game server itself: this node pipes the bytes through. Refused before ' +
          'anything is dialled: not an upgrade (426 UPGRADE_REQUIRED), a foreign Origin (403 FORBIDDEN), ' +
          'an unknown game (404 NOT_FOUND), a game that is over (410 GAME_OVER) or still starting ' +
          '(409 GAME_NOT_READY), too many relayed sockets (503 UNAVAILABLE).',
        params: UuidParam,
        response: { 101: SocketUpgrade },
      },
      config: { access: { credential: 'custom' } },
    },
    async (request, reply) => {
      // Only a request Node took as an upgrade has a socket of its own to hand over.
      if (!cameAsUpgrade(request.raw) || !isWebSocket(request.headers.upgrade))
        throw new AppError('UPGRADE_REQUIRED');
      if (!originAllowed(request, allowed))
        throw new AppError('FORBIDDEN', 'This origin may not open game sockets');
      const slot = deps.sockets.admit(request.ip);
      if (!slot)
        throw new AppError('UNAVAILABLE', 'Too many game sockets are open; try again shortly', {
          retryAfterSeconds: 5,
        });
      let target: RelayTarget;
      let upstream;
      try {
        target = await deps.targets.find(request.params.id);
        upstream = await dialGameServer(target, deps.dialTimeoutMs);
      } catch (err) {
        slot.release();
        throw err;
      }
      const client = request.raw.socket;
      if (client.destroyed) {
        upstream.destroy();
        slot.release();
        return reply.hijack();
      }
      reply.hijack();
      slot.attach(client, upstream);
      pipeUpgrade({
        request: request.raw,
        client,
        head: upgradeHead(request.raw),
        upstream,
        target,
        path: `/v1/games/${request.params.id}/socket`,
        onClose: () => slot.release(),
      });
    },
  );
};

/** Node marks a request it handed to 'upgrade' listeners (untyped in @types/node). */
function cameAsUpgrade(raw: IncomingMessage): boolean {
  return (raw as IncomingMessage & { upgrade?: boolean }).upgrade === true;
}

function isWebSocket(upgrade: string | undefined): boolean {
  return typeof upgrade === 'string' && upgrade.toLowerCase() === 'websocket';
}
