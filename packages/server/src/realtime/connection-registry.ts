import type { Bus } from '../bus/index.js';
import type { SessionsRevokedNotice } from '../identity/revocation-fanout.js';
import type { GameEndedNotice } from '../matchmaker/game-notices.js';
import type { Logger } from '../platform/logger.js';
import type { VisibilityChangedNotice, VisibilityFilter } from './realtime-ports.js';
import type { SocketPeer } from './socket-peer.js';
import type { WatchIndex } from './socket-subscriptions.js';

/**
 * This node's authenticated sockets by user. It listens on `user:<id>` for every user, so a
 * revocation published by any node closes the matching sockets here at once.
 */
export class ConnectionRegistry implements WatchIndex {
  private readonly byUser = new Map<string, Set<SocketPeer>>();
  /** Watched user → the sockets showing their presence, with how many of its follows do. */
  private readonly watchers = new Map<string, Map<SocketPeer, number>>();

  constructor(
    private readonly deps: { bus: Bus; visibility: Pick<VisibilityFilter, 'blockedBy'>; logger: Logger },
  ) {}

  async start(): Promise<void> {
    await this.deps.bus.subscribePrefix('user:', (message) =>
      this.onNotice(message as SessionsRevokedNotice | VisibilityChangedNotice | GameEndedNotice),
    );
  }

  add(session: SocketPeer): void {
    const userId = session.user!.userId;
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(session);
  }

  remove(session: SocketPeer): void {
    const userId = session.user?.userId;
    const set = userId === undefined ? undefined : this.byUser.get(userId);
    if (set?.delete(session) && set.size === 0) this.byUser.delete(userId!);
  }

  sessionsOf(userId: string): SocketPeer[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  /** Sockets that show `userId`'s presence (they follow a DM or game channel with them). */
  watchersOf(userId: string): SocketPeer[] {
    return [...(this.watchers.get(userId)?.keys() ?? [])];
  }

  /** A follow of `peer` shows these users; a closed socket is not indexed (its follows are dropped). */
  watch(peer: SocketPeer, userIds: readonly string[]): void {
    if (!peer.isOpen) return;
    for (const id of userIds) {
      let peers = this.watchers.get(id);
      if (!peers) this.watchers.set(id, (peers = new Map()));
      peers.set(peer, (peers.get(peer) ?? 0) + 1);
    }
  }

  unwatch(peer: SocketPeer, userIds: readonly string[]): void {
    for (const id of userIds) {
      const peers = this.watchers.get(id);
      const n = peers?.get(peer);
      if (n === undefined) continue;
      if (n > 1) peers!.set(peer, n - 1);
      else if (peers!.delete(peer) && peers!.size === 0) this.watchers.delete(id);
    }
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** Closes every socket (server shutdown). */
  closeAll(): void {
    for (const set of [...this.byUser.values()]) for (const s of [...set]) s.end('SERVER_STOPPING');
  }

  private async onNotice(
    notice: SessionsRevokedNotice | VisibilityChangedNotice | GameEndedNotice,
  ): Promise<void> {
    if (notice?.type === 'game_ended') {
      const { gameId, status, reason } = notice;
      for (const s of this.sessionsOf(notice.userId)) s.send({ type: 'game', gameId, status, reason });
    } else if (notice?.type === 'sessions_revoked') {
      const ids = new Set(notice.sessionIds);
      for (const s of this.sessionsOf(notice.userId))
        if (notice.all || ids.has(s.user!.sessionId)) s.end('SESSION_ENDED', notice.reason);
    } else if (notice?.type === 'blocks_changed') {
      const sessions = this.sessionsOf(notice.userId);
      if (sessions.length === 0) return;
      const hidden = new Set(await this.deps.visibility.blockedBy(notice.userId));
      for (const s of sessions) s.hidden = hidden;
    }
  }
}
