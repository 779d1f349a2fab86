import {
  ChannelParams,
  ChannelSettingsRequest,
  ChannelSettingsView,
  ListMessagesQuery,
  MessagePage,
  MessageParams,
  MessageView,
  NoContent,
  PostMessageRequest,
} from '@parlor/protocol';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { UserPrincipal } from '../access/principal.js';
import { userOf } from '../http/access-hook.js';
import type { ChatActor, ChatService } from './chat-service.js';

export interface ChatRouteDeps {
  chat: ChatService;
  mayModerate(principal: UserPrincipal): Promise<boolean>;
}

const tags = ['chat'];

/** Chat's commands and queries (CQRS): post, page, delete, channel settings. */
export const chatRoutes: FastifyPluginAsyncZod<ChatRouteDeps> = async (app, deps) => {
  const actor = (request: FastifyRequest): ChatActor => {
    const user = userOf(request);
    return { userId: user.userId, username: user.username, mayModerate: () => deps.mayModerate(user) };
  };

  app.post(
    '/channels/:id/messages',
    {
      schema: {
        tags,
        summary: 'Post a message; 201 once it is stored (200 for a retry of the same clientId)',
        params: ChannelParams,
        body: PostMessageRequest,
        response: { 200: MessageView, 201: MessageView },
      },
      config: { access: { credential: 'session', resource: 'messages', verb: 'create' } },
    },
    async (request, reply) => {
      const { message, created } = await deps.chat.post(actor(request), request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(message);
    },
  );

  app.get(
    '/channels/:id/messages',
    {
      schema: {
        tags,
        summary: 'Messages after a seq, oldest first',
        params: ChannelParams,
        querystring: ListMessagesQuery,
        response: { 200: MessagePage },
      },
      config: { access: { credential: 'session', resource: 'messages', verb: 'list' } },
    },
    async (request) => {
      const { after, limit } = request.query;
      return deps.chat.page(actor(request), request.params.id, after, limit);
    },
  );

  app.delete(
    '/channels/:id/messages/:seq',
    {
      schema: {
        tags,
        summary: 'Delete a message for everyone (its sender, or a moderator)',
        params: MessageParams,
        response: { 204: NoContent },
      },
      config: { access: { credential: 'session', resource: 'messages', verb: 'delete' } },
    },
    async (request, reply) => {
      await deps.chat.remove(actor(request), request.params.id, request.params.seq);
      return reply.code(204).send();
    },
  );

  app.get(
    '/channels/:id/settings',
    {
      schema: {
        tags,
        summary: 'A channel’s default self-deletion timer',
        params: ChannelParams,
        response: { 200: ChannelSettingsView },
      },
      config: { access: { credential: 'session', resource: 'messages', verb: 'list' } },
    },
    async (request) => deps.chat.settings(actor(request), request.params.id),
  );

  app.put(
    '/channels/:id/settings',
    {
      schema: {
        tags,
        summary: 'Set the default self-deletion timer (DM: either side; game: host; lobby: moderators)',
        params: ChannelParams,
        body: ChannelSettingsRequest,
        response: { 200: ChannelSettingsView },
      },
      config: { access: { credential: 'session', resource: 'messages', verb: 'create' } },
    },
    async (request) => deps.chat.setTtl(actor(request), request.params.id, request.body.ttlSeconds),
  );
};
