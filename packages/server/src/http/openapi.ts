import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse } from '@parlor/protocol';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The OpenAPI document at /openapi.json and a browsable page at /docs. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  // Routes the docs plugin adds are public; every other route declares its own access.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs') || route.url === '/openapi.json') {
      route.config = { ...(route.config ?? {}), access: { credential: 'none' } };
    }
    // Every answer is described: what a route declares, and the error envelope for the rest.
    const schema = route.schema;
    if (schema && !schema.hide && schema.response && typeof schema.response === 'object') {
      schema.response = { '4xx': ErrorResponse, '5xx': ErrorResponse, ...schema.response };
    }
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Parlor HTTP API',
        version,
        description:
          'Errors are `{"error": {"code", "message"}}` with a stable code. Credentials go in `Authorization: Bearer <token>`: ' +
          'session tokens (`pls_…`) for people, API keys (`plk_…`) for servers; each is refused where the other belongs. ' +
          'Every code, and how the sockets carry it: docs/errors.md. The realtime and game sockets, frame by frame: docs/sockets.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
