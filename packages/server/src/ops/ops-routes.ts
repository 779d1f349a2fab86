import { Health, MetricsText, Readiness } from '@parlor/protocol';
import type { FastifyPluginAsync } from 'fastify';
import { type Access, bearerToken } from '../http/access-hook.js';
import { AppError } from '../platform/app-error.js';
import { safeEqual, sha256 } from '../platform/secrets.js';
import type { Metrics } from './metrics.js';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const tags = ['operations'];

/** Liveness, readiness (every dependency answers) and Prometheus metrics; outside /v1. */
export const opsRoutes: FastifyPluginAsync<{
  checks: ReadinessCheck[];
  metrics: Metrics;
  /** PARLOR_METRICS_TOKEN: when set, /metrics wants it as a bearer token. */
  metricsToken?: string;
}> = async (app, deps) => {
  const open = { access: { credential: 'none' as const } };
  const wanted = deps.metricsToken === undefined ? undefined : sha256(deps.metricsToken);

  app.get(
    '/healthz',
    { schema: { tags, summary: 'Liveness', response: { 200: Health } }, config: open },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness: storage and other dependencies answer',
        response: { 200: Readiness, 503: Readiness },
      },
      config: open,
    },
    async (_request, reply) => {
      const results: Record<string, string> = {};
      let ready = true;
      await Promise.all(
        deps.checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2_000);
            results[name] = 'ok';
          } catch {
            results[name] = 'unavailable';
            ready = false;
          }
        }),
      );
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: results });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Prometheus metrics (bearer PARLOR_METRICS_TOKEN when set)',
        response: {
          200: { description: 'Prometheus text format', content: { 'text/plain': { schema: MetricsText } } },
        },
      },
      config: { access: { credential: wanted ? ('custom' as const) : ('none' as const) } } as {
        access: Access;
      },
    },
    async (request, reply) => {
      // Compared as hashes in constant time, so the answer's timing says nothing about the token.
      const given = bearerToken(request);
      if (wanted && !(given !== undefined && safeEqual(sha256(given), wanted)))
        throw new AppError('UNAUTHENTICATED', 'Send the metrics token: Authorization: Bearer <token>');
      reply.header('Content-Type', deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
