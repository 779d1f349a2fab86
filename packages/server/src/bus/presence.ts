/**
 * Who is online, across every node. One store instance belongs to one node: it tracks that node's
 * connections and answers questions about all nodes.
 *
 * Guarantees every implementation keeps (checked by `presence.contract.test.ts`):
 * - A user is online while at least one of their connections is tracked on a live node.
 * - `track` and `untrack` are idempotent; tracking a connection again replaces its meta.
 * - Answers hold copies: changing a returned `meta` changes nothing stored.
 * - A node that stops heart-beating for `ttlMs` (crashed, frozen, cut off) is dead: its entries stop
 *   counting at once and are removed lazily. If it comes back, its next heartbeat puts back every
 *   connection it still tracks, so a long pause costs a gap, never a permanently wrong answer.
 * - `close` removes this node's entries (graceful shutdown); nothing waits for the TTL.
 *
 * The store does not announce changes; the realtime layer publishes `presence` on the bus after a
 * `track` or `untrack` that changed `online`.
 */
export interface PresenceStore {
  readonly nodeId: string;
  track(userId: string, connectionId: string, meta?: PresenceMeta): Promise<void>;
  untrack(userId: string, connectionId: string): Promise<void>;
  /** The given users (or everyone, when omitted) who are online now. */
  online(userIds?: Iterable<string>): Promise<Set<string>>;
  /** Every live connection of one user, on any node, in no particular order. */
  where(userId: string): Promise<PresenceEntry[]>;
  /** Keeps this node alive; implementations that need it also call it on their own timer. */
  heartbeat(): Promise<void>;
  /** Resolves when the store can answer; rejects with a clear reason otherwise (for /readyz). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Small JSON facts about a connection that other nodes may show (client kind, game id). */
export type PresenceMeta = Readonly<Record<string, unknown>>;

export interface PresenceEntry {
  userId: string;
  nodeId: string;
  connectionId: string;
  meta: PresenceMeta;
}

export class PresenceClosedError extends Error {
  override readonly name = 'PresenceClosedError';
  constructor() {
    super('the presence store is closed');
  }
}
