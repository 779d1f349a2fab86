import {
  AccountCreated,
  AdminUserList,
  AdminUserListQuery,
  AdminUserPatch,
  BootstrapRequest,
  DeauthenticateResult,
  SessionList,
  UserView,
  UuidParam,
} from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { userOf } from '../http/access-hook.js';
import { type AccountService, userView } from './account-service.js';
import type { BootstrapService } from './bootstrap-service.js';
import { sessionListOf } from './session-views.js';
import type { UserDirectory } from './user-directory.js';

export interface AdminRouteDeps {
  accounts: AccountService;
  bootstrap: BootstrapService;
  directory: UserDirectory;
}

const tags = ['administration'];

/** The first admin, and what admins do to accounts. */
export const adminUserRoutes: FastifyPluginAsyncZod<AdminRouteDeps> = async (app, deps) => {
  app.post(
    '/admin/bootstrap',
    {
      schema: {
        tags,
        summary: 'Create the first admin with the one-time code',
        body: BootstrapRequest,
        response: { 201: AccountCreated },
      },
      // The one-time code in the body is this route's own credential.
      config: { access: { credential: 'custom' } },
    },
    async (request, reply) => {
      const { code, username, password } = request.body;
      const user = await deps.bootstrap.bootstrap(code, username, password, request.ip);
      return reply.code(201).send({ id: user.id, username: user.username });
    },
  );

  app.get(
    '/admin/users',
    {
      schema: {
        tags,
        summary: 'List users with their figures; search by name, sort by any column',
        querystring: AdminUserListQuery,
        response: { 200: AdminUserList },
      },
      config: { access: { credential: 'session', resource: 'users', verb: 'list' } },
    },
    async (request) => deps.directory.list(request.query),
  );

  app.patch(
    '/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'Disable or enable an account',
        params: UuidParam,
        body: AdminUserPatch,
        response: { 200: UserView },
      },
      config: { access: { credential: 'session', resource: 'users', verb: 'update' } },
    },
    async (request) => {
      const me = userOf(request);
      const user = await deps.accounts.setDisabled(
        { userId: me.userId, username: me.username, ip: request.ip },
        request.params.id,
        request.body.disabled,
      );
      return userView(user);
    },
  );

  app.get(
    '/admin/users/:id/sessions',
    {
      schema: {
        tags,
        summary: "A user's active sessions (address, browser, last seen)",
        params: UuidParam,
        response: { 200: SessionList },
      },
      config: { access: { credential: 'session', resource: 'users', verb: 'get' } },
    },
    async (request) => sessionListOf(await deps.accounts.listSessions(request.params.id)),
  );

  app.post(
    '/admin/users/:id/deauthenticate',
    {
      schema: {
        tags,
        summary: 'End every session of a user now',
        params: UuidParam,
        response: { 200: DeauthenticateResult },
      },
      config: { access: { credential: 'session', resource: 'users', verb: 'update' } },
    },
    async (request) => {
      const me = userOf(request);
      const sessions = await deps.accounts.deauthenticate(
        { userId: me.userId, username: me.username, ip: request.ip },
        request.params.id,
      );
      return { sessionsEnded: sessions };
    },
  );
};
