import type { PresenceView } from '@parlor/protocol';
import type { Bus, PresenceStore } from '../bus/index.js';
import type { BlockStore } from '../chat/block-store.js';
import type { Logger } from '../platform/logger.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { RealtimeSession } from './realtime-session.js';

export const PRESENCE_TOPIC = 'presence';

/**
 * Who is online and in which game. A socket is tracked from `auth` to close, with the games whose
 * channels it follows as its meta. Every change publishes the user's whole state on the bus topic
 * `presence`; each node passes it to its sockets that watch that user: those following a DM with
 * them or a game channel they play in (docs/chat.md). A user who has blocked the watcher is not
 * shown to them. Events carry the full state, so a repeated one is harmless.
 */
export class PresenceService {
  constructor(
    private readonly deps: {
      store: PresenceStore;
      bus: Bus;
      blocks: BlockStore;
      registry: ConnectionRegistry;
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    await this.deps.bus.subscribe(PRESENCE_TOPIC, (message) => this.deliver(message as PresenceView));
  }

  async connected(session: RealtimeSession): Promise<void> {
    await this.track(session);
  }

  async disconnected(session: RealtimeSession): Promise<void> {
    const user = session.user;
    if (!user) return;
    await this.deps.store.untrack(user.userId, session.conn.id);
    await this.publish(user.userId);
  }

  /** After a subscribe or unsubscribe: new games to announce, new people to show. */
  async subscriptionsChanged(session: RealtimeSession, newlyWatched: string[]): Promise<void> {
    await this.track(session);
    if (newlyWatched.length === 0 || !session.user) return;
    for (const view of await this.lookup(newlyWatched, session.user.userId)) {
      session.send({ type: 'presence', ...view });
    }
  }

  /** The state of `userIds` as `viewer` may see it (everyone online when omitted). */
  async lookup(userIds: readonly string[] | undefined, viewer: string): Promise<PresenceView[]> {
    const { store, blocks } = this.deps;
    const ids = userIds ?? [...(await store.online())].slice(0, 500);
    const hiddenFrom = await blocks.whoBlocked(viewer, ids);
    return Promise.all(
      ids.map(async (userId) =>
        hiddenFrom.has(userId) ? { userId, online: false, games: [] } : this.state(userId),
      ),
    );
  }

  private async track(session: RealtimeSession): Promise<void> {
    const user = session.user;
    if (!user || !session.isOpen) return;
    const games = [...session.subscriptions.values()].flatMap((s) => (s.gameId ? [s.gameId] : []));
    // The name rides along so that "who is online" can be shown without a lookup per user.
    await this.deps.store.track(user.userId, session.conn.id, { games, username: user.username });
    await this.publish(user.userId);
  }

  private async state(userId: string): Promise<PresenceView> {
    const entries = await this.deps.store.where(userId);
    const games = new Set(entries.flatMap((e) => (Array.isArray(e.meta.games) ? e.meta.games : [])));
    const username = entries.map((e) => e.meta.username).find((u) => typeof u === 'string');
    return {
      userId,
      online: entries.length > 0,
      games: [...games].map(String).sort(),
      ...(username ? { username: String(username) } : {}),
    };
  }

  private async publish(userId: string): Promise<void> {
    await this.deps.bus.publish(PRESENCE_TOPIC, await this.state(userId));
  }

  private async deliver(view: PresenceView): Promise<void> {
    const watchers = this.deps.registry.watchersOf(view.userId);
    if (watchers.length === 0) return;
    // Whom this user has blocked does not get to see them come and go.
    const hiddenFrom = new Set(await this.deps.blocks.blockedBy(view.userId));
    for (const session of watchers) {
      if (!hiddenFrom.has(session.user!.userId)) session.send({ type: 'presence', ...view });
    }
  }
}
