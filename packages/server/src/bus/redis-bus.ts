import type { Redis } from 'ioredis';
import {
  type Bus,
  BusClosedError,
  type BusHandler,
  encodeMessage,
  type HandlerErrorSink,
  reportHandlerError,
  type Unsubscribe,
} from './bus.js';
import { closeRedis, describeRedisUrl, openRedis, warnOnChange, withDeadline } from './redis-connection.js';
import { type Subscription, SubscriptionTable, type SubscriptionKind } from './subscriptions.js';

export interface RedisBusOptions {
  /** Prepended to every channel so deployments (or test runs) sharing a Redis stay apart. */
  channelPrefix?: string;
  /** How long publish, subscribe and ready wait for Redis before they reject; default 2 s. */
  timeoutMs?: number;
  onHandlerError?: HandlerErrorSink;
  /** Connection trouble (refused, reset) while ioredis keeps reconnecting. */
  onConnectionError?: (error: Error) => void;
}

/**
 * Redis pub/sub with two connections: one publishes (so every publish from this node goes down one
 * ordered pipe), one stays in subscriber mode. Each topic or prefix is subscribed upstream once,
 * however many local handlers share it. ioredis reconnects and re-subscribes on its own; messages
 * published while this node was cut off are lost (see the at-most-once note on `Bus`).
 */
export class RedisBus implements Bus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly table: SubscriptionTable;
  private readonly channelPrefix: string;
  private readonly timeoutMs: number;
  private readonly target: string;
  /** Upstream (P)SUBSCRIBE in flight per key, so a second local handler waits for the same reply. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private closed = false;

  constructor(url: string, options: RedisBusOptions = {}) {
    this.channelPrefix = options.channelPrefix ?? 'parlor:bus:';
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.target = describeRedisUrl(url);
    this.table = new SubscriptionTable(options.onHandlerError ?? reportHandlerError);
    const onError = options.onConnectionError ?? warnOnChange(`bus (${this.target})`);
    const common = { onError, connectTimeoutMs: this.timeoutMs };
    this.publisher = openRedis(url, { ...common, connectionName: 'parlor-bus-publish' });
    this.subscriber = openRedis(url, { ...common, connectionName: 'parlor-bus-subscribe' });
    this.subscriber.on('message', (channel: string, encoded: string) => {
      const topic = this.topicOf(channel);
      if (topic !== undefined) this.table.deliverTopic(topic, encoded);
    });
    this.subscriber.on('pmessage', (pattern: string, channel: string, encoded: string) => {
      const topic = this.topicOf(channel);
      const prefix = this.topicOf(pattern.slice(0, -1).replace(/\\(.)/g, '$1'));
      if (topic !== undefined && prefix !== undefined) this.table.deliverPrefix(prefix, topic, encoded);
    });
  }

  async publish(topic: string, message: unknown): Promise<void> {
    if (this.closed) throw new BusClosedError();
    const encoded = encodeMessage(message);
    await withDeadline(
      this.publisher.publish(this.channelPrefix + topic, encoded),
      this.timeoutMs,
      this.target,
    );
  }

  subscribe(topic: string, handler: BusHandler): Promise<Unsubscribe> {
    return this.add('topic', topic, handler);
  }

  subscribePrefix(prefix: string, handler: BusHandler): Promise<Unsubscribe> {
    return this.add('prefix', prefix, handler);
  }

  async ready(): Promise<void> {
    if (this.closed) throw new BusClosedError();
    await withDeadline(
      Promise.all([this.publisher.ping(), this.subscriber.ping()]),
      this.timeoutMs,
      this.target,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.table.clear();
    await Promise.all([closeRedis(this.publisher), closeRedis(this.subscriber)]);
  }

  private async add(kind: SubscriptionKind, key: string, handler: BusHandler): Promise<Unsubscribe> {
    if (this.closed) throw new BusClosedError();
    const { subscription, first } = this.table.add(kind, key, handler);
    const pendingKey = `${kind}:${key}`;
    let upstream = this.pending.get(pendingKey) ?? Promise.resolve();
    if (first) {
      const issued = this.upstream(kind, key, 'subscribe');
      const forget = () => {
        if (this.pending.get(pendingKey) === issued) this.pending.delete(pendingKey);
      };
      issued.then(forget, forget);
      this.pending.set(pendingKey, issued);
      upstream = issued;
    }
    try {
      await withDeadline(upstream, this.timeoutMs, this.target);
    } catch (error) {
      await this.remove(kind, key, subscription);
      throw error;
    }
    return () => this.remove(kind, key, subscription);
  }

  private async remove(kind: SubscriptionKind, key: string, subscription: Subscription): Promise<void> {
    const { last } = this.table.remove(kind, key, subscription);
    if (!last || this.closed) return;
    // The handler is already detached, so a failed UNSUBSCRIBE costs only unread traffic until the
    // connection drops; it is not worth failing the caller's cleanup for.
    await withDeadline(this.upstream(kind, key, 'unsubscribe'), this.timeoutMs, this.target).catch(() => {});
  }

  /** Commands go out on one connection in call order, so SUBSCRIBE/UNSUBSCRIBE races resolve in order. */
  private upstream(
    kind: SubscriptionKind,
    key: string,
    action: 'subscribe' | 'unsubscribe',
  ): Promise<unknown> {
    if (kind === 'topic') {
      const channel = this.channelPrefix + key;
      return action === 'subscribe'
        ? this.subscriber.subscribe(channel)
        : this.subscriber.unsubscribe(channel);
    }
    const pattern = `${escapeGlob(this.channelPrefix + key)}*`;
    return action === 'subscribe'
      ? this.subscriber.psubscribe(pattern)
      : this.subscriber.punsubscribe(pattern);
  }

  private topicOf(channel: string): string | undefined {
    return channel.startsWith(this.channelPrefix) ? channel.slice(this.channelPrefix.length) : undefined;
  }
}

/** Redis patterns are globs; a prefix is matched literally, so its glob characters are escaped. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]^-]/g, '\\$&');
}
