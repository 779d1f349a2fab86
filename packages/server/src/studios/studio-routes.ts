import {
  AddStudioOwnerRequest,
  ChangePlanRequest,
  CreateStudioRequest,
  PlanChanged,
  PlansView,
  RenameStudioRequest,
  StudioIdParam,
  StudioOwnerParam,
  StudiosView,
  StudioView,
} from '@parlor/protocol';
import { NoContent } from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Verb } from '../access/rules.js';
import { userOf } from '../http/access-hook.js';
import type { PlanService } from './plan-service.js';
import type { PlanCatalogue } from './plans.js';
import { scopeFromPath } from './studio-scope.js';
import type { StudioService } from './studio-service.js';
import { planView } from './studio-views.js';

const tags = ['studios'];
/** A session route whose permission is asked in the studio's scope (its owners, and admins). */
const inStudio = (resource: string, verb: Verb) => ({
  access: { credential: 'session' as const, resource, verb, scope: scopeFromPath },
});
const caller = (request: FastifyRequest) => ({ user: userOf(request), ip: request.ip });

/** Studios, their owners and their plan: thin handlers over StudioService and PlanService. */
export const studioRoutes: FastifyPluginAsyncZod<{
  studios: StudioService;
  planChanges: PlanService;
  plans: PlanCatalogue;
}> = async (app, { studios, planChanges, plans }) => {
  app.get(
    '/plans',
    {
      schema: {
        tags,
        summary: 'The plans a studio can be on (the first is the default)',
        response: { 200: PlansView },
      },
      config: { access: { credential: 'session', resource: 'plans', verb: 'list' } },
    },
    async () => ({ plans: plans.plans.map(planView), default: plans.default.id }),
  );

  app.post(
    '/studios',
    {
      schema: {
        tags,
        summary: 'Create a studio; you become its first owner',
        body: CreateStudioRequest,
        response: { 201: StudioView },
      },
      config: { access: { credential: 'session', resource: 'studios', verb: 'create' } },
    },
    async (request, reply) => reply.code(201).send(await studios.create(caller(request), request.body.name)),
  );

  app.get(
    '/studios',
    {
      schema: {
        tags,
        summary: 'The studios I own (every studio for admins)',
        response: { 200: StudiosView },
      },
      config: { access: { credential: 'session', resource: 'studios', verb: 'list' } },
    },
    async (request) => ({ studios: await studios.list(caller(request)) }),
  );

  app.get(
    '/studios/:id',
    {
      schema: {
        tags,
        summary: 'One studio, for its owners',
        params: StudioIdParam,
        response: { 200: StudioView },
      },
      config: inStudio('studios', 'get'),
    },
    async (request) => studios.get(request.params.id),
  );

  app.patch(
    '/studios/:id',
    {
      schema: {
        tags,
        summary: 'Rename a studio',
        params: StudioIdParam,
        body: RenameStudioRequest,
        response: { 200: StudioView },
      },
      config: inStudio('studios', 'update'),
    },
    async (request) => studios.rename(caller(request), request.params.id, request.body.name),
  );

  app.delete(
    '/studios/:id',
    {
      schema: {
        tags,
        summary: 'Delete a studio (refused while its games run)',
        params: StudioIdParam,
        response: { 204: NoContent },
      },
      config: inStudio('studios', 'delete'),
    },
    async (request, reply) => {
      await studios.delete(caller(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/studios/:id/owners',
    {
      schema: {
        tags,
        summary: 'Make a user an owner of the studio',
        params: StudioIdParam,
        body: AddStudioOwnerRequest,
        response: { 200: StudioView },
      },
      config: inStudio('studio-owners', 'create'),
    },
    async (request) => studios.addOwner(caller(request), request.params.id, request.body.userId),
  );

  app.delete(
    '/studios/:id/owners/:userId',
    {
      schema: {
        tags,
        summary: 'Remove an owner (never the last one)',
        params: StudioOwnerParam,
        response: { 200: StudioView },
      },
      config: inStudio('studio-owners', 'delete'),
    },
    async (request) => studios.removeOwner(caller(request), request.params.id, request.params.userId),
  );

  app.patch(
    '/studios/:id/plan',
    {
      schema: {
        tags,
        summary: 'Change the plan: an upgrade seats inactive players at once, a downgrade unseats nobody',
        params: StudioIdParam,
        body: ChangePlanRequest,
        response: { 200: PlanChanged },
      },
      config: inStudio('plans', 'update'),
    },
    async (request) => planChanges.change(caller(request), request.params.id, request.body.plan),
  );
};
