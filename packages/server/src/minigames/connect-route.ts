import { SocketUpgrade } from '@parlor/protocol';
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { WebSocketServer } from 'ws';
import { upgradeHead } from '../game-relay/upstream-pipe.js';
import { AppError } from '../platform/app-error.js';
import { type ConnectSessionDeps, runConnectSession } from './connect-session.js';

// A control frame is small (hello is under 300 bytes); game data comes in a later version.
const MAX_FRAME_BYTES = 16 * 1024;

/**
 * `GET /v1/minigames/connect`: a mini-game server's one outbound socket to the platform, so it
 * works behind NAT. The upgrade carries no credential (keys never go in URLs); the key comes in
 * the first frame. Browsers have no business here, so any request with an Origin is refused.
 */
export const minigameConnectRoutes: FastifyPluginAsync<ConnectSessionDeps> = async (app, deps) => {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  app.addHook('onResponse', async (request) => {
    if (cameAsUpgrade(request.raw)) request.raw.socket.destroy();
  });
  app.addHook('preClose', async () => deps.servers.closeAll());

  app.get(
    '/minigames/connect',
    {
      schema: {
        tags: ['minigames'],
        summary:
          'A mini-game server\'s control socket (WebSocket); first frame {type:"hello", key, protocolVersion}',
        response: { 101: SocketUpgrade },
      },
      config: { access: { credential: 'custom' } },
    },
    async (request, reply) => {
      if (!cameAsUpgrade(request.raw) || request.headers.upgrade?.toLowerCase() !== 'websocket')
        throw new AppError('UPGRADE_REQUIRED');
      if (request.headers.origin !== undefined)
        throw new AppError('FORBIDDEN', 'Mini-game servers connect without a browser Origin');
      reply.hijack();
      const address = request.ip;
      wss.handleUpgrade(request.raw, request.raw.socket, upgradeHead(request.raw), (socket) => {
        socket.on('error', () => socket.terminate());
        runConnectSession(socket, address, deps);
      });
    },
  );
};

function cameAsUpgrade(raw: IncomingMessage): boolean {
  return (raw as IncomingMessage & { upgrade?: boolean }).upgrade === true;
}
