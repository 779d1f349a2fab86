import type { Bus } from '../bus/index.js';
import type { SessionsRevokedNotice } from '../identity/revocation-fanout.js';
import type { GameEndedNotice } from '../matchmaker/game-notices.js';
import type { Logger } from '../platform/logger.js';
import type { VisibilityChangedNotice, VisibilityFilter } from './realtime-ports.js';
import type { SocketPeer } from './socket-peer.js';

/**
 * This node's authenticated sockets by user. It listens on `user:<id>` for every user, so a
 * revocation published by any node closes the matching sockets here at once.
 */
export class ConnectionRegistry {
  private readonly byUser = new Map<string, Set<SocketPeer>>();

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
    const out: SocketPeer[] = [];
    for (const set of this.byUser.values())
      for (const s of set)
        for (const sub of s.subscriptions.values())
          if (sub.watches.includes(userId)) {
            out.push(s);
            break;
          }
    return out;
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
