import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Authorizer } from './access/authorizer.js';
import type { AuditLog } from './audit/audit-log.js';
import { type CredentialVerifier, registerAccessHook } from './http/access-hook.js';
import { AccessLogController } from './http/access-log.js';
import { clientErrorHandler } from './http/client-error.js';
import { registerErrorHandling } from './http/error-handler.js';
import { registerOpenApi } from './http/openapi.js';
import { registerSecurityHeaders, securityHeaders } from './http/security-headers.js';
import type { Logger } from './platform/logger.js';
import { type Metrics, registerHttpMetrics } from './ops/metrics.js';
import { opsRoutes, type ReadinessCheck } from './ops/ops-routes.js';

export interface HttpOptions {
  logger: Logger;
  bodyLimitBytes: number;
  trustProxy: boolean;
  https?: { cert: Buffer; key: Buffer };
  corsOrigins: string[];
  version: string;
  /** Log every request at info (else at debug). */
  accessLog: boolean;
  /** When set, GET /metrics wants `Authorization: Bearer <this>`. */
  metricsToken?: string;
}

export interface HttpCore {
  verifier: CredentialVerifier;
  authorizer: Authorizer;
  audit: AuditLog;
  metrics: Metrics;
  checks: ReadinessCheck[];
}

/**
 * The Fastify instance with everything every route shares: error envelope, security headers,
 * access control (default deny), metrics, OpenAPI. Features register their routes on it.
 */
export async function createHttpApp(options: HttpOptions, core: HttpCore): Promise<FastifyInstance> {
  const serverOptions: FastifyServerOptions = {
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    requestIdHeader: false,
    return503OnClosing: true,
    logController: new AccessLogController(options.accessLog),
    clientErrorHandler: clientErrorHandler(securityHeaders(Boolean(options.https)), options.logger),
    ...(options.https ? { https: options.https } : {}),
  };
  const app = Fastify(serverOptions) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  registerSecurityHeaders(app, Boolean(options.https));
  registerHttpMetrics(app, core.metrics);
  // Before the access hook, so that its 401s and 403s carry CORS headers a browser can read.
  if (options.corsOrigins.length > 0) registerCors(app, options.corsOrigins);
  registerAccessHook(app, core);
  await registerOpenApi(app, options.version);
  await app.register(opsRoutes, {
    checks: core.checks,
    metrics: core.metrics,
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });
  return app;
}

// CORS is off unless origins are configured; then only those origins, no credentials mode
// (tokens travel in the Authorization header, never in cookies).
function registerCors(app: FastifyInstance, origins: string[]): void {
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Vary', 'Origin');
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      reply.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      reply.header('Access-Control-Max-Age', '600');
      return reply.code(204).send();
    }
  });
}
