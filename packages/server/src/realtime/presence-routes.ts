import { PresenceList, PresenceQuery } from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { userOf } from '../http/access-hook.js';
import type { PresenceService } from './presence-service.js';

/** `GET /v1/presence`: the HTTP side of what the socket's presence frames tell. */
export const presenceRoutes: FastifyPluginAsyncZod<{ presence: Pick<PresenceService, 'lookup'> }> = async (
  app,
  deps,
) => {
  app.get(
    '/presence',
    {
      schema: {
        tags: ['presence'],
        summary: 'Who of these users is online, and in which games',
        querystring: PresenceQuery,
        response: { 200: PresenceList },
      },
      config: { access: { credential: 'session', resource: 'presence', verb: 'list' } },
    },
    async (request) => {
      const ids = request.query.users ? [...new Set(request.query.users.split(','))] : undefined;
      return { users: await deps.presence.lookup(ids, userOf(request).userId) };
    },
  );
};
