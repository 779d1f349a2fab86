import {
  CreateGameRequest,
  GameCreated,
  GameList,
  GameTicket,
  GameTypeList,
  GameView,
  JoinGameRequest,
  NoContent,
  RequestId,
  UuidParam,
} from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Authorizer } from '../access/authorizer.js';
import { subjectOf } from '../access/principal.js';
import { userOf } from '../http/access-hook.js';
import { AppError } from '../platform/app-error.js';
import type { Actor, GameCatalogue } from './context.js';
import type { GameAllocator } from './game-allocator.js';
import type { GameJoins } from './game-joins.js';
import type { GameLifecycle } from './game-lifecycle.js';
import type { GameViews } from './game-views.js';

export interface MatchmakerRouteDeps {
  allocator: GameAllocator;
  joins: GameJoins;
  views: GameViews;
  lifecycle: GameLifecycle;
  catalogue: GameCatalogue;
  authorizer: Authorizer;
  publicBase(request: FastifyRequest): string;
}

const tags = ['matchmaker'];
const session = (resource: string, verb: 'get' | 'list' | 'create' | 'delete') => ({
  access: { credential: 'session' as const, resource, verb },
});
const IdempotencyHeaders = z.object({ 'idempotency-key': RequestId.optional() });

/** Player-facing matchmaker routes: thin handlers over the matchmaker services. */
export const matchmakerRoutes: FastifyPluginAsyncZod<MatchmakerRouteDeps> = async (app, deps) => {
  // Seeing and ending other people's games needs `all-games`, which only admins hold by default.
  const actorOf = async (request: FastifyRequest): Promise<Actor> => {
    const me = userOf(request);
    const isAdmin = await deps.authorizer.can(subjectOf(me), 'list', 'all-games');
    return {
      userId: me.userId,
      username: me.username,
      ip: request.ip,
      isAdmin,
      base: deps.publicBase(request),
    };
  };

  app.get(
    '/game-types',
    {
      schema: { tags, summary: 'Kinds of game that can be created', response: { 200: GameTypeList } },
      config: session('game-types', 'list'),
    },
    async () => ({ gameTypes: deps.catalogue.list() }),
  );

  app.post(
    '/games',
    {
      schema: {
        tags,
        summary: 'Create a game: launches its server and returns a connect token and a passcode',
        description:
          'Send `Idempotency-Key` (or `requestId`) so that a retried request never launches a second server.',
        body: CreateGameRequest,
        headers: IdempotencyHeaders,
        response: { 201: GameCreated },
      },
      config: session('games', 'create'),
    },
    async (request, reply) => {
      const header = request.headers['idempotency-key'];
      const { requestId } = request.body;
      if (header && requestId && header !== requestId) {
        throw new AppError('VALIDATION_FAILED', 'Idempotency-Key and requestId differ');
      }
      const created = await deps.allocator.create(await actorOf(request), {
        ...request.body,
        requestId: requestId ?? header,
      });
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/games/join',
    {
      schema: {
        tags,
        summary: 'Trade a passcode for a seat and a connect token',
        body: JoinGameRequest,
        response: { 200: GameTicket },
      },
      config: session('game-joins', 'create'),
    },
    async (request) => deps.joins.join(await actorOf(request), request.body.passcode),
  );

  app.get(
    '/games',
    {
      schema: { tags, summary: 'My games (every game for admins)', response: { 200: GameList } },
      config: session('games', 'list'),
    },
    async (request) => ({ games: await deps.views.list(await actorOf(request)) }),
  );

  app.get(
    '/admin/users/:id/games',
    {
      schema: {
        tags,
        summary: 'The games a user played or is playing (admins)',
        params: UuidParam,
        response: { 200: GameList },
      },
      config: session('users', 'get'),
    },
    async (request) => ({ games: await deps.views.playedBy(await actorOf(request), request.params.id) }),
  );

  app.get(
    '/games/:id',
    {
      schema: {
        tags,
        summary: 'One game, for its players and admins',
        params: UuidParam,
        response: { 200: GameView },
      },
      config: session('games', 'get'),
    },
    async (request) => deps.views.get(await actorOf(request), request.params.id),
  );

  app.post(
    '/games/:id/connect-token',
    {
      schema: {
        tags,
        summary: 'A fresh connect token for a member (reconnection)',
        params: UuidParam,
        response: { 200: GameTicket },
      },
      config: session('games', 'get'),
    },
    async (request) => deps.joins.reconnect(await actorOf(request), request.params.id),
  );

  app.delete(
    '/games/:id',
    {
      schema: {
        tags,
        summary: 'End a game (its host, its creator or an admin)',
        params: UuidParam,
        response: { 204: NoContent },
      },
      config: session('games', 'delete'),
    },
    async (request, reply) => {
      await deps.lifecycle.endAsUser(await actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
};
