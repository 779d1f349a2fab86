import {
  type Bus,
  BusClosedError,
  type BusHandler,
  encodeMessage,
  type HandlerErrorSink,
  reportHandlerError,
  type Unsubscribe,
} from './bus.js';
import { SubscriptionTable, type SubscriptionKind } from './subscriptions.js';

export interface LocalBusOptions {
  onHandlerError?: HandlerErrorSink;
}

/**
 * The in-process bus for a single node (`npm start`). It reaches only subscribers in this process:
 * two LocalBus instances never see each other's messages, so running several nodes needs RedisBus.
 *
 * Delivery happens in a later microtask, never inside `publish`, so code written against this bus does
 * not come to rely on synchronous delivery that RedisBus cannot give.
 */
export class LocalBus implements Bus {
  private readonly table: SubscriptionTable;
  private closed = false;

  constructor(options: LocalBusOptions = {}) {
    this.table = new SubscriptionTable(options.onHandlerError ?? reportHandlerError);
  }

  async publish(topic: string, message: unknown): Promise<void> {
    if (this.closed) throw new BusClosedError();
    const encoded = encodeMessage(message);
    // Microtasks run in the order they were queued, which gives per-topic (indeed total) order.
    queueMicrotask(() => this.table.deliverAll(topic, encoded));
  }

  subscribe(topic: string, handler: BusHandler): Promise<Unsubscribe> {
    return this.add('topic', topic, handler);
  }

  subscribePrefix(prefix: string, handler: BusHandler): Promise<Unsubscribe> {
    return this.add('prefix', prefix, handler);
  }

  async ready(): Promise<void> {
    if (this.closed) throw new BusClosedError();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.table.clear();
  }

  private async add(kind: SubscriptionKind, key: string, handler: BusHandler): Promise<Unsubscribe> {
    if (this.closed) throw new BusClosedError();
    const { subscription } = this.table.add(kind, key, handler);
    return async () => {
      this.table.remove(kind, key, subscription);
    };
  }
}
