import {
  AccessName,
  AccessReviewRequest,
  AccessReviewResult,
  BindingList,
  BindingView,
  CreateBindingRequest,
  CreateRoleRequest,
  NoContent,
  RoleList,
  RoleNameParam,
  RoleView,
  UpdateRoleRequest,
} from '@parlor/protocol';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { userOf } from '../http/access-hook.js';
import type { AccessReviewer } from './access-review.js';
import type { AccessService } from './access-service.js';
import type { BindingRecord, RoleRecord } from './access-store.js';

const tags = ['access control'];
const session = (resource: string, verb: 'get' | 'list' | 'create' | 'update' | 'delete') => ({
  access: { credential: 'session' as const, resource, verb },
});

const roleView = (r: RoleRecord) => ({
  name: r.name,
  rules: r.rules,
  builtin: r.builtin,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const bindingView = (b: BindingRecord) => ({
  name: b.name,
  role: b.role,
  subject: { kind: b.subjectKind, id: b.subject },
  builtin: b.builtin,
  ...(b.scope !== null ? { scope: b.scope } : {}),
  createdAt: b.createdAt.toISOString(),
});

/** RBAC administration and access reviews; the rules live in AccessService. */
export const accessRoutes: FastifyPluginAsyncZod<{
  access: AccessService;
  reviewer: AccessReviewer;
}> = async (app, { access, reviewer }) => {
  const caller = (request: Parameters<typeof userOf>[0]) => ({ user: userOf(request), ip: request.ip });

  app.get(
    '/roles',
    {
      schema: { tags, summary: 'List roles', response: { 200: RoleList } },
      config: session('roles', 'list'),
    },
    async () => ({
      roles: (await access.listRoles()).map(roleView),
    }),
  );

  app.post(
    '/roles',
    {
      schema: { tags, summary: 'Create a role', body: CreateRoleRequest, response: { 201: RoleView } },
      config: session('roles', 'create'),
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(roleView(await access.createRole(caller(request), request.body.name, request.body.rules))),
  );

  app.get(
    '/roles/:name',
    {
      schema: { tags, summary: 'One role', params: RoleNameParam, response: { 200: RoleView } },
      config: session('roles', 'get'),
    },
    async (request) => roleView(await access.getRole(request.params.name)),
  );

  app.put(
    '/roles/:name',
    {
      schema: {
        tags,
        summary: "Replace a role's rules",
        params: RoleNameParam,
        body: UpdateRoleRequest,
        response: { 200: RoleView },
      },
      config: session('roles', 'update'),
    },
    async (request) =>
      roleView(await access.updateRole(caller(request), request.params.name, request.body.rules)),
  );

  app.delete(
    '/roles/:name',
    {
      schema: {
        tags,
        summary: 'Delete a role and its bindings',
        params: RoleNameParam,
        response: { 204: NoContent },
      },
      config: session('roles', 'delete'),
    },
    async (request, reply) => {
      await access.deleteRole(caller(request), request.params.name);
      return reply.code(204).send();
    },
  );

  app.get(
    '/role-bindings',
    {
      schema: { tags, summary: 'List role bindings', response: { 200: BindingList } },
      config: session('role-bindings', 'list'),
    },
    async () => ({ bindings: (await access.listBindings()).map(bindingView) }),
  );

  app.post(
    '/role-bindings',
    {
      schema: {
        tags,
        summary: 'Give a role to a user, group or API key',
        body: CreateBindingRequest,
        response: { 201: BindingView },
      },
      config: session('role-bindings', 'create'),
    },
    async (request, reply) =>
      reply.code(201).send(bindingView(await access.createBinding(caller(request), request.body))),
  );

  app.delete(
    '/role-bindings/:name',
    {
      schema: {
        tags,
        summary: 'Remove a role binding',
        params: z.strictObject({ name: AccessName }),
        response: { 204: NoContent },
      },
      config: session('role-bindings', 'delete'),
    },
    async (request, reply) => {
      await access.deleteBinding(caller(request), request.params.name);
      return reply.code(204).send();
    },
  );

  app.post(
    '/access-reviews',
    {
      schema: {
        tags,
        summary: 'May a subject (default: me) do a verb on a resource?',
        body: AccessReviewRequest,
        response: { 200: AccessReviewResult },
      },
      config: session('access-reviews', 'create'),
    },
    async (request) => reviewer.review(caller(request), request.body),
  );
};
