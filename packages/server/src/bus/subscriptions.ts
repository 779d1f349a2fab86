import type { BusHandler, HandlerErrorSink } from './bus.js';

/** One `subscribe` call. A handler subscribed twice holds two of these and is called twice. */
export interface Subscription {
  readonly handler: BusHandler;
  active: boolean;
}

export type SubscriptionKind = 'topic' | 'prefix';

/**
 * The handlers one bus instance holds, by exact topic and by prefix, and the one place that calls
 * them, so every implementation isolates handler errors and copies messages the same way.
 */
export class SubscriptionTable {
  private readonly byKind: Record<SubscriptionKind, Map<string, Set<Subscription>>> = {
    topic: new Map(),
    prefix: new Map(),
  };

  constructor(private readonly onHandlerError: HandlerErrorSink) {}

  /** `first` tells a remote bus that it must subscribe upstream for this key. */
  add(
    kind: SubscriptionKind,
    key: string,
    handler: BusHandler,
  ): { subscription: Subscription; first: boolean } {
    const map = this.byKind[kind];
    let set = map.get(key);
    const first = set === undefined;
    if (set === undefined) {
      set = new Set();
      map.set(key, set);
    }
    const subscription: Subscription = { handler, active: true };
    set.add(subscription);
    return { subscription, first };
  }

  /** `last` tells a remote bus that nobody here needs this key any more. */
  remove(kind: SubscriptionKind, key: string, subscription: Subscription): { last: boolean } {
    if (!subscription.active) return { last: false };
    subscription.active = false;
    const set = this.byKind[kind].get(key);
    if (set === undefined || !set.delete(subscription) || set.size > 0) return { last: false };
    this.byKind[kind].delete(key);
    return { last: true };
  }

  has(kind: SubscriptionKind, key: string): boolean {
    return this.byKind[kind].has(key);
  }

  keys(kind: SubscriptionKind): string[] {
    return [...this.byKind[kind].keys()];
  }

  clear(): void {
    for (const map of Object.values(this.byKind)) {
      for (const set of map.values()) for (const subscription of set) subscription.active = false;
      map.clear();
    }
  }

  /** Delivers to the subscribers of exactly `topic`. */
  deliverTopic(topic: string, encoded: string): void {
    this.deliver(this.byKind.topic.get(topic), topic, encoded);
  }

  /** Delivers to the subscribers of one prefix (Redis tells us which pattern matched). */
  deliverPrefix(prefix: string, topic: string, encoded: string): void {
    this.deliver(this.byKind.prefix.get(prefix), topic, encoded);
  }

  /** Delivers to every subscription that matches `topic`, for a bus that does its own matching. */
  deliverAll(topic: string, encoded: string): void {
    this.deliverTopic(topic, encoded);
    for (const prefix of this.byKind.prefix.keys()) {
      if (topic.startsWith(prefix)) this.deliverPrefix(prefix, topic, encoded);
    }
  }

  private deliver(set: Set<Subscription> | undefined, topic: string, encoded: string): void {
    if (set === undefined) return;
    // A snapshot, so a handler that subscribes during delivery does not receive this message; the
    // `active` check still honours an unsubscribe made by an earlier handler.
    for (const subscription of [...set]) {
      if (!subscription.active) continue;
      try {
        // Parsed per handler: one handler mutating its message must not change what the next one sees.
        const result = subscription.handler(JSON.parse(encoded), topic);
        if (result instanceof Promise) result.catch((error: unknown) => this.onHandlerError(error, topic));
      } catch (error) {
        this.onHandlerError(error, topic);
      }
    }
  }
}
