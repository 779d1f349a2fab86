import {
  FRONTEND_CSP,
  FrontendHtml,
  MAX_FRONTEND_BYTES,
  MinigameId,
  MinigameParam,
  MinigameView,
  NoContent,
} from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../http/access-hook.js';
import { scopeFromPath } from '../studios/studio-scope.js';
import type { FrontendService } from './frontend-service.js';

const tags = ['studios'];
const owners = {
  access: {
    credential: 'session' as const,
    resource: 'minigames',
    verb: 'update' as const,
    scope: scopeFromPath,
  },
};
const caller = (request: FastifyRequest) => ({ user: userOf(request), ip: request.ip });
const html = { content: { 'text/html': { schema: FrontendHtml } } };

/**
 * How the document is served, so that it is harmless even opened on its own: the CSP makes it a
 * sandboxed opaque origin with no network; framing only by our own pages (X-Frame-Options
 * SAMEORIGIN for old browsers, frame-ancestors for the rest).
 *
 * The empty Connection-Allowlist (Chromium 152 and later) closes what CSP leaves open there: the
 * socket Chromium opens for a frame or self navigation before CSP refuses it, and WebRTC's STUN
 * packets (measured: docs/minigame-frontend.md). Nothing is allowed, not even this origin.
 */
export const FRONTEND_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': FRONTEND_CSP,
  'Connection-Allowlist': '();webrtc=block',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), display-capture=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()',
  'X-DNS-Prefetch-Control': 'off',
  'Cache-Control': 'no-cache',
};

/**
 * A mini-game's own front end: its owners upload (text/html only, at most 256 KiB) and remove it;
 * players' browsers load it into the sandboxed iframe. Its own plugin, so the HTML body parser
 * reaches no other route.
 */
export const frontendRoutes: FastifyPluginAsyncZod<{ frontends: FrontendService }> = async (
  app,
  { frontends },
) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'text/html',
    { parseAs: 'buffer', bodyLimit: MAX_FRONTEND_BYTES },
    (_r, body, done) => done(null, body),
  );

  app.put(
    '/studios/:id/minigames/:minigameId/frontend',
    {
      schema: {
        tags,
        summary: "Upload the mini-game's own front end: one self-contained HTML document, at most 256 KiB",
        params: MinigameParam,
        response: { 200: MinigameView },
      },
      bodyLimit: MAX_FRONTEND_BYTES,
      config: owners,
    },
    async (request) =>
      frontends.put(caller(request), request.params.id, request.params.minigameId, request.body),
  );

  app.delete(
    '/studios/:id/minigames/:minigameId/frontend',
    {
      schema: {
        tags,
        summary: "Remove the mini-game's own front end (players get the component UI again)",
        params: MinigameParam,
        response: { 204: NoContent },
      },
      config: owners,
    },
    async (request, reply) => {
      await frontends.delete(caller(request), request.params.id, request.params.minigameId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/minigames/:minigameId/frontend',
    {
      schema: {
        tags: ['matchmaker'],
        summary: "A mini-game's own front end, served sandboxed with no network (for the players' iframe)",
        params: z.strictObject({ minigameId: MinigameId }),
        response: { 200: { description: 'The HTML document', ...html } },
      },
      // An iframe's load carries no bearer token, and the document is no secret: every player gets it.
      config: { access: { credential: 'none' as const } },
    },
    async (request, reply) => {
      const found = await frontends.serve(request.params.minigameId);
      reply.headers(FRONTEND_HEADERS).header('ETag', `"${found.sha256}"`);
      return reply.type('text/html; charset=utf-8').send(found.html);
    },
  );
};
