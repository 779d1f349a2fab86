import type { ClientFrame, MessageView, ServerFrame } from '@parlor/protocol';
import type { UserPrincipal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { ChannelListener, ChatFanout } from './chat-fanout.js';
import type { ChatActor, ChatService } from './chat-service.js';

/** A channel a socket follows, as chat records it on the socket. */
export interface ChannelFollow {
  key: string;
  kind: 'lobby' | 'game' | 'dm';
  gameId?: string;
  /** Users whose presence this follow shows (the other side of a DM, a game's players). */
  watches: string[];
  unfollow(): void;
}

/** The channels a socket follows, by channel name (a Map's methods, as far as chat uses them). */
export interface FollowedChannels {
  readonly size: number;
  get(channel: string): ChannelFollow | undefined;
  set(channel: string, follow: ChannelFollow): unknown;
  delete(channel: string): boolean;
}

/** What chat needs of a realtime socket; the realtime session is one. */
export interface ChatSocket {
  readonly user: UserPrincipal | undefined;
  readonly subscriptions: FollowedChannels;
  readonly hidden: ReadonlySet<string>;
  readonly isOpen: boolean;
  send(frame: ServerFrame): void;
}

export interface ChatFrameDeps<S extends ChatSocket> {
  chat: ChatService;
  fanout: ChatFanout;
  maxSubscriptions: number;
  mayModerate(principal: UserPrincipal): Promise<boolean>;
  /** After a follow changes: presence re-tracks the socket and shows whom it newly watches. */
  followsChanged(socket: S, newlyWatched: string[]): Promise<void>;
}

type Frame<K extends ClientFrame['type']> = Extract<ClientFrame, { type: K }>;

/**
 * Chat's frames on the realtime socket: following and leaving channels. Generic over the socket so
 * that the presence hook gets back the very socket realtime handed in.
 */
export function chatFrameHandlers<S extends ChatSocket>(deps: ChatFrameDeps<S>) {
  const { chat, fanout } = deps;
  const actorOf = (socket: ChatSocket): ChatActor => {
    const user = socket.user;
    if (!user) throw new AppError('UNAUTHENTICATED');
    return { userId: user.userId, username: user.username, mayModerate: () => deps.mayModerate(user) };
  };

  return {
    subscribe: async (socket: S, frame: Frame<'subscribe'>): Promise<void> => {
      const actor = actorOf(socket);
      const existing = socket.subscriptions.get(frame.channel);
      if (!existing && socket.subscriptions.size >= deps.maxSubscriptions)
        throw new AppError('VALIDATION_FAILED', 'This connection follows too many channels');
      const channel = await chat.readable(actor, frame.channel);
      existing?.unfollow();
      socket.subscriptions.delete(frame.channel);
      const listener: ChannelListener = {
        name: channel.name,
        hides: (senderId) => channel.kind !== 'dm' && socket.hidden.has(senderId),
        message: (message: MessageView) => socket.send({ type: 'message', channel: channel.name, message }),
        deleted: (seq) => socket.send({ type: 'message_deleted', channel: channel.name, seq }),
      };
      const unfollow = await fanout.follow(channel.key, listener, frame.after);
      if (!socket.isOpen) return unfollow();
      const watches =
        channel.kind === 'dm'
          ? [channel.other]
          : channel.kind === 'game'
            ? (await chat.gamePlayers(channel.gameId)).filter((id) => id !== actor.userId)
            : [];
      socket.subscriptions.set(frame.channel, {
        key: channel.key,
        kind: channel.kind,
        gameId: channel.kind === 'game' ? channel.gameId : undefined,
        watches,
        unfollow,
      });
      const lastSeq = await chat.lastSeq(channel.key);
      socket.send({ type: 'subscribed', channel: channel.name, lastSeq, ref: frame.ref });
      await deps.followsChanged(socket, watches);
    },

    unsubscribe: async (socket: S, frame: Frame<'unsubscribe'>): Promise<void> => {
      const sub = socket.subscriptions.get(frame.channel);
      if (!sub) throw new AppError('NOT_FOUND', 'Not subscribed to this channel');
      sub.unfollow();
      socket.subscriptions.delete(frame.channel);
      socket.send({ type: 'unsubscribed', channel: frame.channel, ref: frame.ref });
      await deps.followsChanged(socket, []);
    },
  };
}
