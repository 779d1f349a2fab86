import {
  MinigameCreated,
  MinigameGamesQuery,
  MinigameGamesView,
  MinigameParam,
  MinigamesView,
  MinigameView,
  NoContent,
  RegisterMinigameRequest,
  StudioIdParam,
  UpdateMinigameRequest,
} from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Verb } from '../access/rules.js';
import { userOf } from '../http/access-hook.js';
import { scopeFromPath } from '../studios/studio-scope.js';
import type { MinigameService } from './minigame-service.js';

const tags = ['studios'];
const inStudio = (verb: Verb) => ({
  access: { credential: 'session' as const, resource: 'minigames', verb, scope: scopeFromPath },
});
const caller = (request: FastifyRequest) => ({ user: userOf(request), ip: request.ip });

/** A studio's mini-games, for its owners (and admins): thin handlers over MinigameService. */
export const minigameRoutes: FastifyPluginAsyncZod<{ minigames: MinigameService }> = async (
  app,
  { minigames },
) => {
  app.post(
    '/studios/:id/minigames',
    {
      schema: {
        tags,
        summary: 'Register a mini-game as a game type; the reply carries its key, shown this once',
        params: StudioIdParam,
        body: RegisterMinigameRequest,
        response: { 201: MinigameCreated },
      },
      config: inStudio('create'),
    },
    async (request, reply) =>
      reply.code(201).send(await minigames.register(caller(request), request.params.id, request.body)),
  );

  app.get(
    '/studios/:id/minigames',
    {
      schema: {
        tags,
        summary: "The studio's mini-games, their servers' connections and play counts",
        params: StudioIdParam,
        response: { 200: MinigamesView },
      },
      config: inStudio('list'),
    },
    async (request) => ({ minigames: await minigames.list(request.params.id) }),
  );

  app.get(
    '/studios/:id/minigames/:minigameId',
    {
      schema: {
        tags,
        summary: "One of the studio's mini-games",
        params: MinigameParam,
        response: { 200: MinigameView },
      },
      config: inStudio('get'),
    },
    async (request) => minigames.get(request.params.id, request.params.minigameId),
  );

  app.get(
    '/studios/:id/minigames/:minigameId/games',
    {
      schema: {
        tags,
        summary: "The mini-game's latest games: when, how each ended, and why in its players' words",
        params: MinigameParam,
        querystring: MinigameGamesQuery,
        response: { 200: MinigameGamesView },
      },
      config: inStudio('get'),
    },
    async (request) => ({
      games: await minigames.games(request.params.id, request.params.minigameId, request.query.limit),
    }),
  );

  app.patch(
    '/studios/:id/minigames/:minigameId',
    {
      schema: {
        tags,
        summary: "Change a mini-game's name, player counts, difficulties or options",
        params: MinigameParam,
        body: UpdateMinigameRequest,
        response: { 200: MinigameView },
      },
      config: inStudio('update'),
    },
    async (request) =>
      minigames.update(caller(request), request.params.id, request.params.minigameId, request.body),
  );

  app.delete(
    '/studios/:id/minigames/:minigameId',
    {
      schema: {
        tags,
        summary: 'Delete a mini-game and its keys (refused while games of it run)',
        params: MinigameParam,
        response: { 204: NoContent },
      },
      config: inStudio('delete'),
    },
    async (request, reply) => {
      await minigames.delete(caller(request), request.params.id, request.params.minigameId);
      return reply.code(204).send();
    },
  );
};
