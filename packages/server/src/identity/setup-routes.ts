import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SetupState } from '@parlor/protocol';
import type { BootstrapService } from './bootstrap-service.js';

/**
 * `GET /v1/setup`: whether the first admin still has to be created, so the web client can open
 * on "create the admin". Public: it says no more than POST /v1/admin/bootstrap would, and the
 * one-time code that route needs is only ever printed on the server's terminal.
 */
export const setupRoutes: FastifyPluginAsyncZod<{ bootstrap: BootstrapService }> = async (app, deps) => {
  app.get(
    '/setup',
    {
      schema: {
        tags: ['administration'],
        summary: 'Whether the first admin still has to be created',
        response: { 200: SetupState },
      },
      config: { access: { credential: 'none' } },
    },
    async () => ({ bootstrapPending: await deps.bootstrap.pending() }),
  );
};
