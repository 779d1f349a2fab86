// The control plane's game socket relay on its own: the real route and pipe
// (packages/server/src/game-relay), with the game's address given instead of read from storage.
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

const dist = (file) => new URL(`../../packages/server/dist/${file}`, import.meta.url).href;
const { gameRelayRoutes } = await import(dist('game-relay/relay-routes.js'));
const { RelaySockets } = await import(dist('game-relay/relay-sockets.js'));

/** Listens on loopback; every game id relays to `target`. Returns its base ws:// URL. */
export async function startRelay(target) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // In Parlor the realtime feature registers @fastify/websocket, which sends every upgrade
  // through the router; the relay's route then takes the socket over.
  await app.register(async (scope) => scope.register(websocket));
  await app.register(gameRelayRoutes, {
    prefix: '/v1',
    targets: { find: async () => target },
    sockets: new RelaySockets({ maxSockets: 100_000, maxPerAddress: 100_000 }),
    allowedOrigins: [],
    dialTimeoutMs: 5_000,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: url.replace(/^http/, 'ws'), close: () => app.close() };
}
