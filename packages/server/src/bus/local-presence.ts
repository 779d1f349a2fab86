import {
  PresenceClosedError,
  type PresenceEntry,
  type PresenceMeta,
  type PresenceStore,
} from './presence.js';

/**
 * In-process presence for a single node. Nothing here expires: when the node dies its entries die
 * with it, so there is no other node to mislead. Several nodes need RedisPresenceStore.
 */
export class LocalPresenceStore implements PresenceStore {
  /** userId → connectionId → meta as JSON, so answers are copies and meta is checked once. */
  private readonly users = new Map<string, Map<string, string>>();
  private closed = false;

  constructor(readonly nodeId = 'local') {}

  async track(userId: string, connectionId: string, meta: PresenceMeta = {}): Promise<void> {
    this.assertOpen();
    const encoded = JSON.stringify(meta);
    let connections = this.users.get(userId);
    if (connections === undefined) {
      connections = new Map();
      this.users.set(userId, connections);
    }
    connections.set(connectionId, encoded);
  }

  async untrack(userId: string, connectionId: string): Promise<void> {
    this.assertOpen();
    const connections = this.users.get(userId);
    if (connections?.delete(connectionId) && connections.size === 0) this.users.delete(userId);
  }

  async online(userIds?: Iterable<string>): Promise<Set<string>> {
    this.assertOpen();
    if (userIds === undefined) return new Set(this.users.keys());
    return new Set([...userIds].filter((userId) => this.users.has(userId)));
  }

  async where(userId: string): Promise<PresenceEntry[]> {
    this.assertOpen();
    const connections = this.users.get(userId) ?? new Map<string, string>();
    return [...connections].map(([connectionId, meta]) => ({
      userId,
      nodeId: this.nodeId,
      connectionId,
      meta: JSON.parse(meta) as PresenceMeta,
    }));
  }

  async heartbeat(): Promise<void> {
    this.assertOpen();
  }

  async ready(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.users.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new PresenceClosedError();
  }
}
