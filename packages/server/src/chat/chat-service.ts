import type { MessageView, PostMessageRequest } from '@parlor/protocol';
import type { AuditLog } from '../audit/audit-log.js';
import type { Bus } from '../bus/index.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { RateLimitRule, RateLimitStore } from '../rate-limit/index.js';
import { spendAttempt } from '../rate-limit/limiter.js';
import type { BlockStore } from './block-store.js';
import { type Channel, chatTopic, resolveChannel } from './channels.js';
import type { ChatStore, StoredMessage } from './chat-store.js';
import type { GameMembership } from './game-membership.js';
import type { MessageSealer } from './message-sealer.js';
import type { ChatStats } from '../stats/stats-recorder.js';

export interface ChatDeps {
  store: ChatStore;
  blocks: BlockStore;
  sealer: MessageSealer;
  games: GameMembership;
  bus: Bus;
  limiter: RateLimitStore;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  /** Messages per user: a burst of `limit`, refilled over `windowMs`. */
  postRule: RateLimitRule;
  stats?: ChatStats;
}

/** Who is acting. `mayModerate` is asked only when a rule needs it (RBAC `update chat-moderation`). */
export interface ChatActor {
  userId: string;
  username: string;
  mayModerate(): Promise<boolean>;
}

/** What goes over the bus on `chat:<channelKey>`: never a body, only "look again". */
export type ChannelNotice = { type: 'posted'; seq: number } | { type: 'deleted'; seq: number };

/** Chat's rules: who may read and write which channel, blocks, limits, self-deletion, moderation. */
export class ChatService {
  constructor(private readonly deps: ChatDeps) {}

  /** Resolves a channel name and checks that the actor may read it (and so subscribe to it). */
  async readable(actor: ChatActor, name: string): Promise<Channel> {
    const channel = resolveChannel(name, actor.userId);
    if (channel.kind === 'game' && !(await this.deps.games.isMember(channel.gameId, actor.userId)))
      throw new AppError('FORBIDDEN', 'Only the players of a game can use its channel');
    if (channel.kind === 'dm' && !(await this.deps.blocks.userExists(channel.other)))
      throw new AppError('NOT_FOUND', 'No such user');
    return channel;
  }

  async post(
    actor: ChatActor,
    name: string,
    request: PostMessageRequest,
  ): Promise<{ message: MessageView; created: boolean }> {
    const { store, sealer, clock, limiter, blocks } = this.deps;
    const channel = await this.readable(actor, name);
    if (channel.kind === 'dm' && (await blocks.eitherBlocks(actor.userId, channel.other)))
      throw new AppError('BLOCKED', 'You cannot message this user');
    await spendAttempt(
      limiter,
      `chat:user:${actor.userId}`,
      this.deps.postRule,
      'You are sending messages too fast',
    );
    const { message, created } = await store.append({
      channelKey: channel.key,
      senderId: actor.userId,
      clientId: request.clientId,
      ttlSeconds: request.ttlSeconds,
      now: clock.now(),
      seal: (seq) => sealer.seal(request.body, channel.key, seq),
    });
    if (!message.box) throw new AppError('MESSAGE_GONE', 'The message with this clientId has been deleted');
    const view = this.view(message, channel.name);
    if (!created) {
      if (view.body !== request.body)
        throw new AppError('CONFLICT', 'This clientId was already used for a different message');
      return { message: view, created };
    }
    await this.deps.stats?.chatMessagePosted({ userId: actor.userId, channelKind: channel.kind });
    this.notify(channel.key, { type: 'posted', seq: message.seq });
    return { message: view, created };
  }

  async page(actor: ChatActor, name: string, after: number, limit: number) {
    const channel = await this.readable(actor, name);
    const hideSenders = channel.kind === 'dm' ? [] : await this.deps.blocks.blockedBy(actor.userId);
    const page = await this.deps.store.page(channel.key, {
      after,
      limit,
      now: this.deps.clock.now(),
      hideSenders,
    });
    return { messages: page.messages.map((m) => this.view(m, channel.name)), lastSeq: page.lastSeq };
  }

  /** The sender deletes for everyone; a moderator deletes anything in the lobby or a game. */
  async remove(actor: ChatActor, name: string, seq: number): Promise<void> {
    const channel = await this.moderatable(actor, name);
    const now = this.deps.clock.now();
    const sender = await this.deps.store.sender(channel.key, seq, now);
    const moderating = sender !== undefined && sender !== actor.userId;
    if (moderating && (channel.kind === 'dm' || !(await actor.mayModerate())))
      throw new AppError('FORBIDDEN', 'Only the sender or a moderator can delete this message');
    // Same answer for "never existed" and "not yours to see", after the check above.
    if (sender === undefined || !(await this.deps.store.remove(channel.key, seq, now)))
      throw new AppError('NOT_FOUND', 'No such message');
    if (moderating) {
      await this.deps.audit.record({
        actorKind: 'user',
        actorId: actor.userId,
        actorName: actor.username,
        action: 'chat.message.remove',
        target: `${channel.key}#${seq}`,
        outcome: 'success',
        detail: { sender },
      });
    }
    this.notify(channel.key, { type: 'deleted', seq });
  }

  /**
   * The channel, if the actor may read it or moderate it. Checked before anything about its
   * messages, so someone who may not read a channel cannot tell which of its messages exist.
   */
  private async moderatable(actor: ChatActor, name: string): Promise<Channel> {
    try {
      return await this.readable(actor, name);
    } catch (err) {
      const forbidden = err instanceof AppError && err.code === 'FORBIDDEN';
      if (forbidden && (await actor.mayModerate())) return resolveChannel(name, actor.userId);
      throw err;
    }
  }

  /** Default self-deletion timer: either party of a DM, the game's host, moderators anywhere. */
  async setTtl(actor: ChatActor, name: string, ttlSeconds: number | null) {
    const channel = await this.readable(actor, name);
    const allowed =
      channel.kind === 'dm' ||
      (channel.kind === 'game' && (await this.deps.games.isHost(channel.gameId, actor.userId))) ||
      (await actor.mayModerate());
    if (!allowed) throw new AppError('FORBIDDEN', 'You cannot change this channel’s settings');
    await this.deps.store.setTtl(channel.key, ttlSeconds, this.deps.clock.now());
    return { channel: channel.name, ttlSeconds };
  }

  async settings(actor: ChatActor, name: string) {
    const channel = await this.readable(actor, name);
    return { channel: channel.name, ttlSeconds: await this.deps.store.ttl(channel.key) };
  }

  gamePlayers(gameId: string): Promise<string[]> {
    return this.deps.games.members(gameId);
  }

  lastSeq(channelKey: string): Promise<number> {
    return this.deps.store.lastSeq(channelKey);
  }

  /** Opens a stored message for a reader who calls its channel `name`. */
  view(m: StoredMessage, name: string): MessageView {
    if (!m.box) throw new Error('a tombstone has no view');
    return {
      channel: name,
      seq: m.seq,
      senderId: m.senderId,
      senderName: m.senderName,
      body: this.deps.sealer.open(m.box, m.channelKey, m.seq),
      clientId: m.clientId,
      createdAt: m.createdAt.toISOString(),
      expiresAt: m.expiresAt?.toISOString() ?? null,
    };
  }

  // The message is durable before this runs; a lost notice only delays live delivery until the
  // next notice or catch-up poll, and clients resume by seq, so a failed publish is logged, not thrown.
  private notify(channelKey: string, notice: ChannelNotice): void {
    this.deps.bus
      .publish(chatTopic(channelKey), notice)
      .catch((err) => this.deps.logger.warn({ err, channel: channelKey }, 'could not publish a chat notice'));
  }
}
