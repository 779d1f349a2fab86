/**
 * The bus carries short-lived notices between server nodes: chat fan-out (`chat:<channelId>`), per-user
 * notices and revocations (`user:<userId>`) and presence changes (`presence`). It is not a queue and
 * not a store: what must survive is written to storage first, and the bus only says "look again".
 *
 * Guarantees every implementation keeps (checked by `bus.contract.test.ts`):
 * - Messages are JSON values. Subscribers get their own decoded copy; `publish` rejects what JSON
 *   cannot carry (undefined, BigInt, cycles) before anything is sent.
 * - Delivery is asynchronous: `publish` resolving means the bus accepted the message, not that any
 *   handler has run.
 * - Messages one bus instance publishes on one topic reach each subscription in publish order.
 *   There is no order across topics or across publishers.
 * - Every matching subscription gets a message once, the publisher's own node included.
 * - A handler that throws (or rejects) is reported to `onHandlerError` and does not stop delivery to
 *   other handlers or of later messages.
 * - A subscription sees every message published after `subscribe` resolves, while the bus is
 *   connected; after its unsubscribe resolves it sees none.
 * - At most once: a message published while a node is cut off from the bus is lost for that node.
 *   Consumers that cannot afford a gap re-read their state from storage (chat by `seq`).
 */
export interface Bus {
  publish(topic: string, message: unknown): Promise<void>;
  /** Messages on exactly `topic`. */
  subscribe(topic: string, handler: BusHandler): Promise<Unsubscribe>;
  /** Messages on every topic that starts with `prefix` (`'user:'` for every user's notices). */
  subscribePrefix(prefix: string, handler: BusHandler): Promise<Unsubscribe>;
  /** Resolves when the bus can carry messages; rejects with a clear reason otherwise (for /readyz). */
  ready(): Promise<void>;
  /** Drops every subscription and releases connections. Idempotent. */
  close(): Promise<void>;
}

/** `topic` is the full topic name, so one prefix handler can tell its topics apart. */
export type BusHandler = (message: unknown, topic: string) => void | Promise<void>;

/** Idempotent; once it resolves the handler receives nothing more. */
export type Unsubscribe = () => Promise<void>;

/** Where a throwing handler's error goes; the composition root points it at the logger. */
export type HandlerErrorSink = (error: unknown, topic: string) => void;

/** The default sink; without one a failing handler would vanish without a trace. */
export const reportHandlerError: HandlerErrorSink = (error, topic) => {
  console.error(`bus handler for ${topic} failed`, error);
};

export class BusClosedError extends Error {
  override readonly name = 'BusClosedError';
  constructor() {
    super('the bus is closed');
  }
}

/** Serialises up front so an unsendable message fails at the caller on every implementation alike. */
export function encodeMessage(message: unknown): string {
  const encoded = JSON.stringify(message);
  if (encoded === undefined) throw new TypeError('bus messages must be JSON values, got undefined');
  return encoded;
}
