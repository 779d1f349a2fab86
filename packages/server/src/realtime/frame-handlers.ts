import { type ClientFrame, type MessageView } from '@parlor/protocol';
import type { ChannelListener } from '../chat/chat-fanout.js';
import type { ChatActor } from '../chat/chat-service.js';
import { AppError } from '../platform/app-error.js';
import type { RealtimeSession } from './realtime-session.js';

type Handlers = {
  [K in ClientFrame['type']]: (
    session: RealtimeSession,
    frame: Extract<ClientFrame, { type: K }>,
  ) => Promise<void>;
};

/**
 * The one dispatch table over the client envelope. Adding a frame type to the protocol without a
 * handler here is a compile error.
 */
export const frameHandlers: Handlers = {
  auth: (session, frame) => session.authenticate(frame.token),

  ping: async (session, frame) => session.send({ type: 'pong', ref: frame.ref }),

  subscribe: async (session, frame) => {
    const { ctx } = session;
    const actor = actorOf(session);
    const existing = session.subscriptions.get(frame.channel);
    if (!existing && session.subscriptions.size >= ctx.limits.maxSubscriptions)
      throw new AppError('VALIDATION_FAILED', 'This connection follows too many channels');
    const channel = await ctx.chat.readable(actor, frame.channel);
    existing?.unfollow();
    session.subscriptions.delete(frame.channel);
    const listener: ChannelListener = {
      name: channel.name,
      hides: (senderId) => channel.kind !== 'dm' && session.hidden.has(senderId),
      message: (message: MessageView) => session.send({ type: 'message', channel: channel.name, message }),
      deleted: (seq) => session.send({ type: 'message_deleted', channel: channel.name, seq }),
    };
    const unfollow = await ctx.fanout.follow(channel.key, listener, frame.after);
    if (!session.isOpen) return unfollow();
    const watches =
      channel.kind === 'dm'
        ? [channel.other]
        : channel.kind === 'game'
          ? (await ctx.chat.gamePlayers(channel.gameId)).filter((id) => id !== actor.userId)
          : [];
    session.subscriptions.set(frame.channel, {
      key: channel.key,
      kind: channel.kind,
      gameId: channel.kind === 'game' ? channel.gameId : undefined,
      watches,
      unfollow,
    });
    const lastSeq = await ctx.chat.lastSeq(channel.key);
    session.send({ type: 'subscribed', channel: channel.name, lastSeq, ref: frame.ref });
    await ctx.presence.subscriptionsChanged(session, watches);
  },

  unsubscribe: async (session, frame) => {
    const sub = session.subscriptions.get(frame.channel);
    if (!sub) throw new AppError('NOT_FOUND', 'Not subscribed to this channel');
    sub.unfollow();
    session.subscriptions.delete(frame.channel);
    session.send({ type: 'unsubscribed', channel: frame.channel, ref: frame.ref });
    await session.ctx.presence.subscriptionsChanged(session, []);
  },
};

export function dispatchFrame(session: RealtimeSession, frame: ClientFrame): Promise<void> {
  const handler = frameHandlers[frame.type] as (s: RealtimeSession, f: ClientFrame) => Promise<void>;
  return handler(session, frame);
}

function actorOf(session: RealtimeSession): ChatActor {
  const user = session.user;
  if (!user) throw new AppError('UNAUTHENTICATED');
  return {
    userId: user.userId,
    username: user.username,
    mayModerate: () => session.ctx.mayModerate(user),
  };
}
