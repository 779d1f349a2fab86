import type { FastifyRequest } from 'fastify';

/** How players reach game servers (PARLOR_GAME_CONNECT). */
export type GameConnect = 'relay' | 'direct';

// A Host header is the client's to choose; only a plain host[:port] is turned into a URL.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The base URL a client reached this node through: PARLOR_PUBLIC_URL when set (what a
 * reverse proxy serves), else the request's scheme and Host (X-Forwarded-Proto and -Host
 * count only with PARLOR_TRUST_PROXY), else the address this node listens on.
 */
export function publicBase(
  request: FastifyRequest,
  publicUrl: string | undefined,
  listening: () => string,
): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = request.host;
  if (host && PLAIN_HOST.test(host)) return `${request.protocol}://${host}`;
  return listening();
}

/** `wss://<origin>/v1/games/{id}/socket` (`ws://` over plain HTTP), under the base's path. */
export function relaySocketUrl(base: string, gameId: string): string {
  return `${base.replace(/^http/, 'ws')}/v1/games/${encodeURIComponent(gameId)}/socket`;
}
