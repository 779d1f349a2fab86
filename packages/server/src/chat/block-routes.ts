import { BlockList, BlockParams, BlockRequest, NoContent } from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { userOf } from '../http/access-hook.js';
import type { BlockService } from './block-service.js';

/** Blocks: whom you do not hear from (and who does not see you online). */
export const blockRoutes: FastifyPluginAsyncZod<{ blocks: BlockService }> = async (app, deps) => {
  app.post(
    '/blocks',
    {
      schema: { tags: ['chat'], summary: 'Block a user', body: BlockRequest, response: { 204: NoContent } },
      config: { access: { credential: 'session', resource: 'blocks', verb: 'create' } },
    },
    async (request, reply) => {
      await deps.blocks.block(userOf(request).userId, request.body.userId);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/blocks/:userId',
    {
      schema: {
        tags: ['chat'],
        summary: 'Unblock a user',
        params: BlockParams,
        response: { 204: NoContent },
      },
      config: { access: { credential: 'session', resource: 'blocks', verb: 'delete' } },
    },
    async (request, reply) => {
      await deps.blocks.unblock(userOf(request).userId, request.params.userId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/blocks',
    {
      schema: { tags: ['chat'], summary: 'Whom I have blocked', response: { 200: BlockList } },
      config: { access: { credential: 'session', resource: 'blocks', verb: 'list' } },
    },
    async (request) => {
      const blocks = await deps.blocks.list(userOf(request).userId);
      return { blocks: blocks.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })) };
    },
  );
};
