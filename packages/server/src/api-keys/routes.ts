import {
  ApiKeyCreated,
  ApiKeyIdParam,
  ApiKeyList,
  CreateApiKeyRequest,
  ListApiKeysQuery,
  NoContent,
} from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { userOf } from '../http/access-hook.js';
import type { ApiKeyService } from './api-key-service.js';

const tags = ['api keys'];

/** API keys I own: thin handlers over ApiKeyService. */
export const apiKeyRoutes: FastifyPluginAsyncZod<{ apiKeys: ApiKeyService }> = async (app, { apiKeys }) => {
  app.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Make an API key (its secret is shown in this reply only)',
        body: CreateApiKeyRequest,
        response: { 201: ApiKeyCreated },
      },
      config: { access: { credential: 'session', resource: 'api-keys', verb: 'create' } },
    },
    async (request, reply) => {
      const created = await apiKeys.create({ user: userOf(request), ip: request.ip }, request.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'My API keys (admins: anyone’s, with ownerId)',
        querystring: ListApiKeysQuery,
        response: { 200: ApiKeyList },
      },
      config: { access: { credential: 'session', resource: 'api-keys', verb: 'list' } },
    },
    async (request) => ({
      apiKeys: await apiKeys.list({ user: userOf(request), ip: request.ip }, request.query.ownerId),
    }),
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: { tags, summary: 'Revoke an API key', params: ApiKeyIdParam, response: { 204: NoContent } },
      config: { access: { credential: 'session', resource: 'api-keys', verb: 'delete' } },
    },
    async (request, reply) => {
      await apiKeys.revoke({ user: userOf(request), ip: request.ip }, request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api-keys/:id/rotate',
    {
      schema: {
        tags,
        summary: 'Give an API key a new secret; the old one stops working',
        params: ApiKeyIdParam,
        response: { 200: ApiKeyCreated },
      },
      config: { access: { credential: 'session', resource: 'api-keys', verb: 'update' } },
    },
    async (request) => apiKeys.rotate({ user: userOf(request), ip: request.ip }, request.params.id),
  );
};
