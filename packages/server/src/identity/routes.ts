import {
  AccountCreated,
  ChangePasswordRequest,
  LoginRequest,
  Me,
  NoContent,
  RegisterRequest,
  SessionCreated,
  SessionList,
  UuidParam,
} from '@parlor/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UserPrincipal } from '../access/principal.js';
import { userOf } from '../http/access-hook.js';
import type { AccountService } from './account-service.js';
import type { LoginService } from './login-service.js';
import { sessionListOf } from './session-views.js';

export interface IdentityRouteDeps {
  accounts: AccountService;
  login: LoginService;
}

const tags = ['identity'];
const JSON_TYPE = 'application/json; charset=utf-8';

/** Accounts, sessions and "me": thin handlers over the identity services. */
export const identityRoutes: FastifyPluginAsyncZod<IdentityRouteDeps> = async (app, deps) => {
  // "Who am I" depends only on the principal, which is one object for the life of its cached
  // session; its JSON is built once per principal (date formatting and string escaping were
  // most of the route's cost).
  const whoAmI = new WeakMap<UserPrincipal, string>();

  app.post(
    '/accounts',
    {
      schema: { tags, summary: 'Register', body: RegisterRequest, response: { 201: AccountCreated } },
      config: { access: { credential: 'none' } },
    },
    async (request, reply) => {
      const user = await deps.accounts.signUp(request.body.username, request.body.password, request.ip);
      return reply.code(201).send({ id: user.id, username: user.username });
    },
  );

  app.post(
    '/sessions',
    {
      schema: { tags, summary: 'Log in', body: LoginRequest, response: { 201: SessionCreated } },
      config: { access: { credential: 'none' } },
      // A refused body is still a login attempt: audited and counted before it is answered.
      attachValidation: true,
    },
    async (request, reply) => {
      const ctx = { ip: request.ip, userAgent: request.headers['user-agent'] };
      if (request.validationError) {
        await deps.login.refuseMalformed(request.body, ctx);
        throw request.validationError;
      }
      const created = await deps.login.login(request.body.username, request.body.password, ctx);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/sessions/current',
    {
      schema: { tags, summary: 'Log out', response: { 204: NoContent } },
      config: { access: { credential: 'session', resource: 'sessions', verb: 'delete' } },
    },
    async (request, reply) => {
      const me = userOf(request);
      await deps.accounts.revokeSession(
        { userId: me.userId, username: me.username, ip: request.ip },
        me.sessionId,
        'logout',
      );
      return reply.code(204).send();
    },
  );

  app.delete(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'Log out everywhere: end all my sessions, this one included',
        response: { 204: NoContent },
      },
      config: { access: { credential: 'session', resource: 'sessions', verb: 'delete' } },
    },
    async (request, reply) => {
      const me = userOf(request);
      await deps.accounts.logoutEverywhere({ userId: me.userId, username: me.username, ip: request.ip });
      return reply.code(204).send();
    },
  );

  app.get(
    '/sessions',
    {
      schema: { tags, summary: 'My active sessions', response: { 200: SessionList } },
      config: { access: { credential: 'session', resource: 'sessions', verb: 'list' } },
    },
    async (request) => {
      const me = userOf(request);
      return sessionListOf(await deps.accounts.listSessions(me.userId), me.sessionId);
    },
  );

  app.delete(
    '/sessions/:id',
    {
      schema: { tags, summary: 'End one of my sessions', params: UuidParam, response: { 204: NoContent } },
      config: { access: { credential: 'session', resource: 'sessions', verb: 'delete' } },
    },
    async (request, reply) => {
      const me = userOf(request);
      await deps.accounts.revokeSession(
        { userId: me.userId, username: me.username, ip: request.ip },
        request.params.id,
      );
      return reply.code(204).send();
    },
  );

  app.get(
    '/me',
    {
      schema: { tags, summary: 'Who am I', response: { 200: Me } },
      config: { access: { credential: 'session', resource: 'me', verb: 'get' } },
    },
    (request, reply) => {
      // Answered from the verified session (cached, revoked at once): no database read.
      const me = userOf(request);
      let body = whoAmI.get(me);
      if (body === undefined) {
        body = JSON.stringify({
          id: me.userId,
          username: me.username,
          createdAt: me.accountCreatedAt.toISOString(),
          sessionId: me.sessionId,
        });
        whoAmI.set(me, body);
      }
      // Sent, not returned: a returned reply is a thenable, and costs a promise job. A string
      // with a JSON type goes out as it is (Fastify skips the serializer), so the schema above
      // documents this answer and the contract test checks it.
      reply.type(JSON_TYPE).send(body as unknown as Me);
    },
  );

  app.put(
    '/me/password',
    {
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: ChangePasswordRequest,
        response: { 204: NoContent },
      },
      config: { access: { credential: 'session', resource: 'me', verb: 'update' } },
    },
    async (request, reply) => {
      const me = userOf(request);
      await deps.accounts.changePassword(
        { userId: me.userId, username: me.username, ip: request.ip, sessionId: me.sessionId },
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.code(204).send();
    },
  );
};
