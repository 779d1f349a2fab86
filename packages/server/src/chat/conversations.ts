import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConversationList } from '@parlor/protocol';
import { userOf } from '../http/access-hook.js';
import type { Queryable } from '../storage/db.js';

/** The direct channels a user is part of, with the other person's name, newest first. */
export class ConversationsStore {
  constructor(private readonly db: Queryable) {}

  async list(userId: string, now: Date) {
    // Channel ids are 'dm:<smaller>:<larger>', so the caller is one of the two halves.
    const rows = await this.db.query<{
      id: string;
      last_seq: string | number;
      other_id: string;
      username: string;
      last_at: Date | null;
    }>(
      `select c.id, c.last_seq, u.id as other_id, u.username,
         (select max(m.created_at) from chat_messages m
           where m.channel_id = c.id and m.deleted_at is null and (m.expires_at is null or m.expires_at > $4)) as last_at
       from chat_channels c
       join users u on u.id = (case when split_part(c.id, ':', 2) = $1 then split_part(c.id, ':', 3)
                                    else split_part(c.id, ':', 2) end)::uuid
       where c.id like $2 or c.id like $3
       order by last_at desc nulls last
       limit 200`,
      [userId, `dm:${userId}:%`, `dm:%:${userId}`, now],
    );
    return rows.map((r) => ({
      channel: `dm:${r.other_id}`,
      userId: r.other_id,
      username: r.username,
      lastSeq: Number(r.last_seq),
      lastMessageAt: r.last_at ? new Date(r.last_at).toISOString() : null,
    }));
  }
}

export const conversationRoutes: FastifyPluginAsyncZod<{
  store: ConversationsStore;
  now: () => Date;
}> = async (app, deps) => {
  app.get(
    '/conversations',
    {
      schema: {
        tags: ['chat'],
        summary: 'My direct conversations, newest first, with the last seq of each (for unread counts)',
        response: { 200: ConversationList },
      },
      config: { access: { credential: 'session', resource: 'messages', verb: 'list' } },
    },
    async (request) => ({ conversations: await deps.store.list(userOf(request).userId, deps.now()) }),
  );
};
