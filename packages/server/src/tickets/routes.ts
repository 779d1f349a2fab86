import { CreateTicketRequest, TicketIssued, TicketVerified, VerifyTicketRequest } from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, userOf } from '../http/access-hook.js';
import { AppError } from '../platform/app-error.js';
import type { TicketService } from './ticket-service.js';

const tags = ['join tickets'];

/** Join tickets for community servers (seed 003). */
export const ticketRoutes: FastifyPluginAsyncZod<{ tickets: TicketService }> = async (app, { tickets }) => {
  app.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'A 30-second, single-use ticket for one community server',
        body: CreateTicketRequest,
        response: { 201: TicketIssued },
      },
      config: { access: { credential: 'session', resource: 'tickets', verb: 'create' } },
    },
    async (request, reply) => {
      const me = userOf(request);
      const issued = await tickets.issue({ userId: me.userId, ip: request.ip }, request.body.server);
      return reply.code(201).send(issued);
    },
  );

  app.post(
    '/tickets/verify',
    {
      schema: {
        tags,
        summary: 'Community server: which user does this ticket stand for?',
        body: VerifyTicketRequest,
        response: { 200: TicketVerified },
      },
      config: { access: { credential: 'apiKey', resource: 'ticket-verifications', verb: 'create' } },
    },
    async (request) => {
      const caller = principalOf(request);
      if (caller.kind !== 'apiKey') throw new AppError('WRONG_CREDENTIAL_KIND');
      return tickets.verify(caller, request.body.ticket, request.ip, request.body.server);
    },
  );
};
