import type { PresenceView } from '@parlor/protocol';
import type { Bus, PresenceStore } from '../bus/index.js';
import type { Logger } from '../platform/logger.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { GamePlayers, VisibilityFilter } from './realtime-ports.js';
import type { SocketPeer } from './socket-peer.js';

export const PRESENCE_TOPIC = 'presence';

/**
 * Who is online and in which game. A socket is tracked from `auth` to close, with the games whose
 * channels it follows as its meta. Every change publishes the user's whole state on the bus topic
 * `presence`; each node passes it to its sockets that watch that user: those following a DM with
 * them or a game channel they play in (docs/chat.md). A user who has blocked the watcher is not
 * shown to them at all, and a game is shown only to those who may see it (its players, and
 * whoever may see every game), as GET /v1/games/{id} decides. Events carry the full state, so a
 * repeated one is harmless.
 */
export class PresenceService {
  constructor(
    private readonly deps: {
      store: PresenceStore;
      bus: Bus;
      visibility: VisibilityFilter;
      registry: ConnectionRegistry;
      logger: Logger;
      games: GamePlayers;
      /** May this user see every game (RBAC `list all-games`, admins)? */
      seesAllGames(userId: string): Promise<boolean>;
    },
  ) {}

  async start(): Promise<void> {
    await this.deps.bus.subscribe(PRESENCE_TOPIC, (message) => this.deliver(message as PresenceView));
  }

  async connected(session: SocketPeer): Promise<void> {
    await this.track(session);
  }

  async disconnected(session: SocketPeer): Promise<void> {
    const user = session.user;
    if (!user) return;
    await this.deps.store.untrack(user.userId, session.conn.id);
    await this.publish(user.userId);
  }

  /** After a subscribe or unsubscribe: new games to announce, new people to show. */
  async subscriptionsChanged(session: SocketPeer, newlyWatched: string[]): Promise<void> {
    await this.track(session);
    if (newlyWatched.length === 0 || !session.user) return;
    for (const view of await this.lookup(newlyWatched, session.user.userId)) {
      session.send({ type: 'presence', ...view });
    }
  }

  /** The state of `userIds` as `viewer` may see it (everyone online when omitted). */
  async lookup(userIds: readonly string[] | undefined, viewer: string): Promise<PresenceView[]> {
    const { store, visibility } = this.deps;
    const ids = userIds ?? [...(await store.online())].slice(0, 500);
    // Whoever blocked the viewer is left out, not shown offline: "offline" to one person while
    // others see them online would tell both that they are online and that they blocked them.
    const hiddenFrom = await visibility.whoBlocked(viewer, ids);
    const views = await Promise.all(ids.filter((id) => !hiddenFrom.has(id)).map((id) => this.state(id)));
    const members = await this.membersOf(views.flatMap((v) => v.games));
    const seesAll = await this.seesAll(viewer, members);
    return views.map((v) => this.asSeenBy(v, viewer, members, seesAll));
  }

  private async track(session: SocketPeer): Promise<void> {
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
    const hiddenFrom = new Set(await this.deps.visibility.blockedBy(view.userId));
    const members = await this.membersOf(view.games);
    for (const session of watchers) {
      const viewer = session.user!.userId;
      if (hiddenFrom.has(viewer)) continue;
      const seen = this.asSeenBy(view, viewer, members, await this.seesAll(viewer, members));
      session.send({ type: 'presence', ...seen });
    }
  }

  /** The players of each game, read once per lookup or event. */
  private async membersOf(games: readonly string[]): Promise<Map<string, Set<string>>> {
    const ids = [...new Set(games)];
    const sets = await Promise.all(ids.map(async (g) => new Set(await this.deps.games.members(g))));
    return new Map(ids.map((g, i) => [g, sets[i]!]));
  }

  /** Asked only when some game is there to hide (the RBAC decision is cached anyway). */
  private async seesAll(viewer: string, members: Map<string, Set<string>>): Promise<boolean> {
    for (const players of members.values()) if (!players.has(viewer)) return this.deps.seesAllGames(viewer);
    return false;
  }

  private asSeenBy(
    view: PresenceView,
    viewer: string,
    members: Map<string, Set<string>>,
    seesAll: boolean,
  ): PresenceView {
    if (seesAll) return view;
    return { ...view, games: view.games.filter((g) => members.get(g)?.has(viewer)) };
  }
}
