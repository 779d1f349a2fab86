import { AuditPage, AuditQuery } from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuditReader } from './audit-reader.js';

/** The audit log for admins: filter by actor, action, outcome and time; newest first. */
export const auditRoutes: FastifyPluginAsyncZod<{ reader: AuditReader }> = async (app, { reader }) => {
  app.get(
    '/admin/audit',
    {
      schema: {
        tags: ['administration'],
        summary: 'Audit log, newest first; pass `next` back as `before` for the next page',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
      config: { access: { credential: 'session', resource: 'audit', verb: 'list' } },
    },
    async (request) => {
      const q = request.query;
      return reader.list({
        ...q,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
      });
    },
  );
};
