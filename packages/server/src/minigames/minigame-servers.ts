import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { newId } from '../platform/secrets.js';
import type { Db } from '../storage/db.js';
import type { ConnectionsStore } from './connections-store.js';
import type { MinigameRoster } from './minigame-roster.js';

/** What the registry needs of a live connection: a way to end it with a reason. */
export interface LiveConnection {
  minigameId: string;
  keyId: string;
  /** Sends the reason and closes the socket; the session then calls `closed`. */
  end(code: 'MINIGAME_KEY_REFUSED' | 'UNAVAILABLE', message: string): void;
  /** One JSON frame to the mini-game server. */
  send(frame: object): void;
}

export interface MinigameServersDeps {
  db: Db;
  connections: ConnectionsStore;
  clock: Clock;
  nodeId: string;
  log: Logger;
  /** Tells the other nodes which mini-games this node holds a server of. */
  roster: Pick<MinigameRoster, 'joined' | 'left'>;
}

/**
 * The mini-game servers connected to this node now, and their records in storage (where from,
 * which protocol version, since when, how it ended). Whether one is connected to any node is
 * the roster's question; this registry only tells it what this node holds.
 */
export class MinigameServers {
  private readonly live = new Map<string, LiveConnection>();

  constructor(private readonly deps: MinigameServersDeps) {}

  holds(connectionId: string): boolean {
    return this.live.has(connectionId);
  }

  /** Sends to one connected server of the mini-game; false when none is connected to this node. */
  send(minigameId: string, frame: object): boolean {
    for (const c of this.live.values())
      if (c.minigameId === minigameId) {
        c.send(frame);
        return true;
      }
    return false;
  }

  async open(c: LiveConnection, seen: { address: string; protocolVersion: number }): Promise<string> {
    const id = newId();
    await this.deps.connections.open(this.deps.db, {
      id,
      minigameId: c.minigameId,
      keyId: c.keyId,
      nodeId: this.deps.nodeId,
      address: seen.address,
      protocolVersion: seen.protocolVersion,
      connectedAt: this.deps.clock.now(),
    });
    this.live.set(id, c);
    await this.deps.roster.joined(c.minigameId, id).catch((err: unknown) => {
      // This node still serves it; other nodes learn of it at their next roster read.
      this.deps.log.warn({ err, connectionId: id }, 'could not announce a mini-game connection');
    });
    return id;
  }

  /** The socket closed; `reason` is kept for the studio to read. */
  async closed(id: string, reason: string): Promise<void> {
    const c = this.live.get(id);
    if (!c) return;
    this.live.delete(id);
    try {
      await this.deps.roster.left(c.minigameId, id);
    } catch (err) {
      this.deps.log.warn({ err, connectionId: id }, 'could not announce the end of a mini-game connection');
    }
    try {
      await this.deps.connections.end(this.deps.db, id, reason.slice(0, 200), this.deps.clock.now());
    } catch (err) {
      this.deps.log.error({ err, connectionId: id }, 'could not record the end of a mini-game connection');
    }
  }

  /** The keys were revoked, rotated or deleted: what they opened ends now. */
  dropKeys(keyIds: readonly string[]): void {
    const gone = new Set(keyIds);
    for (const c of this.live.values())
      if (gone.has(c.keyId))
        c.end('MINIGAME_KEY_REFUSED', 'The key of this connection was revoked or rotated');
  }

  /** At shutdown: every connection is told, and recorded as ended. */
  async closeAll(): Promise<void> {
    const ids = [...this.live.keys()];
    for (const c of this.live.values()) c.end('UNAVAILABLE', 'This Parlor node is shutting down');
    await Promise.all(ids.map((id) => this.closed(id, 'the Parlor node shut down')));
  }
}
