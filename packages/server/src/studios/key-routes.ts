import {
  CreateStudioKeyRequest,
  NoContent,
  StudioIdParam,
  StudioKeyCreated,
  StudioKeyParam,
  StudioKeysView,
} from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Verb } from '../access/rules.js';
import { userOf } from '../http/access-hook.js';
import type { StudioKeys } from './studio-keys.js';
import { scopeFromPath } from './studio-scope.js';

const tags = ['studios'];
const inStudio = (verb: Verb) => ({
  access: { credential: 'session' as const, resource: 'studio-api-keys', verb, scope: scopeFromPath },
});
const caller = (request: FastifyRequest) => ({ user: userOf(request), ip: request.ip });

/** A studio's API keys, for its owners: thin handlers over StudioKeys. */
export const studioKeyRoutes: FastifyPluginAsyncZod<{ keys: StudioKeys }> = async (app, { keys }) => {
  app.post(
    '/studios/:id/api-keys',
    {
      schema: {
        tags,
        summary: "Make one of the studio's API keys (its secret is shown in this reply only)",
        params: StudioIdParam,
        body: CreateStudioKeyRequest,
        response: { 201: StudioKeyCreated },
      },
      config: inStudio('create'),
    },
    async (request, reply) =>
      reply.code(201).send(await keys.create(caller(request), request.params.id, request.body)),
  );

  app.get(
    '/studios/:id/api-keys',
    {
      schema: {
        tags,
        summary: "The studio's API keys",
        params: StudioIdParam,
        response: { 200: StudioKeysView },
      },
      config: inStudio('list'),
    },
    async (request) => ({ apiKeys: await keys.list(request.params.id) }),
  );

  app.post(
    '/studios/:id/api-keys/:keyId/rotate',
    {
      schema: {
        tags,
        summary: "Give one of the studio's keys a new secret; the old one stops working",
        params: StudioKeyParam,
        response: { 200: StudioKeyCreated },
      },
      config: inStudio('update'),
    },
    async (request) => keys.rotate(caller(request), request.params.id, request.params.keyId),
  );

  app.delete(
    '/studios/:id/api-keys/:keyId',
    {
      schema: {
        tags,
        summary: "Revoke one of the studio's keys",
        params: StudioKeyParam,
        response: { 204: NoContent },
      },
      config: inStudio('delete'),
    },
    async (request, reply) => {
      await keys.revoke(caller(request), request.params.id, request.params.keyId);
      return reply.code(204).send();
    },
  );
};
