import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { securityHeaders } from '../http/security-headers.js';

/**
 * Paths the web client routes itself: each answers its index.html, which then draws the page
 * (a share link `/join/<code>` opened on a phone, a reload of `/play/<id>`). Listed rather than
 * a catch-all, so an unknown path (and every `/v1` one) still gets the JSON 404.
 */
export const CLIENT_ROUTES = [
  '/',
  '/signin',
  '/setup',
  '/join/:code',
  '/play/:gameId',
  '/messages',
  '/messages/*',
  '/account',
  '/account/*',
  '/admin',
  '/admin/*',
  '/studio',
  '/studio/*',
];

/** The built client next to this package in the workspace (packages/web/dist). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export interface WebClientOptions {
  dir: string;
  tls: boolean;
  /** Hosts the page may open game sockets to directly (until they are relayed on this origin). */
  gameSocketHosts: string[];
}

/**
 * The HTML's policy: the strict one every response has, plus the game servers' sockets. No
 * inline scripts or styles and no eval: the build emits files only.
 */
export function htmlPolicy(tls: boolean, gameSocketHosts: string[]): string {
  const base = securityHeaders(tls)['Content-Security-Policy']!;
  const sockets = gameSocketHosts
    .map((h) => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h))
    .flatMap((h) => [`ws://${h}:*`, `wss://${h}:*`]);
  return `${base}; connect-src 'self'${sockets.map((s) => ` ${s}`).join('')}`;
}

/** Serves the web client at `/`: hashed assets cached for a year, the page never cached. */
export const webClientRoutes: FastifyPluginAsync<WebClientOptions> = async (app, o) => {
  const index = readFileSync(path.join(o.dir, 'index.html'), 'utf8');
  const policy = htmlPolicy(o.tls, o.gameSocketHosts);
  await app.register(fastifyStatic, { root: o.dir, serve: false, decorateReply: true });
  const open = { access: { credential: 'none' as const } };
  const hidden = { hide: true };

  for (const url of CLIENT_ROUTES) {
    app.get(url, { schema: hidden, config: open }, (_request, reply) => {
      reply.header('Content-Security-Policy', policy).type('text/html; charset=utf-8').send(index);
    });
  }
  app.get('/assets/*', { schema: hidden, config: open }, (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (!/^[\w.-]+$/.test(file)) return reply.callNotFound();
    reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    return reply.sendFile(`assets/${file}`, { cacheControl: false });
  });
  app.get('/favicon.svg', { schema: hidden, config: open }, (_request, reply) =>
    reply.sendFile('favicon.svg', { cacheControl: false }),
  );
};

/** Registers the client when it has been built; says how to build it otherwise. */
export async function registerWebClient(app: FastifyInstance, options: WebClientOptions): Promise<boolean> {
  if (!existsSync(path.join(options.dir, 'index.html'))) {
    app.log.warn({ dir: options.dir }, 'the web client is not built (npm run build:web); / will answer 404');
    return false;
  }
  await app.register(webClientRoutes, options);
  return true;
}
