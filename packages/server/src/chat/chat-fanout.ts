import type { MessageView } from '@parlor/protocol';
import type { Bus, Unsubscribe } from '../bus/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { chatTopic } from './channels.js';
import type { ChannelNotice, ChatService } from './chat-service.js';
import type { ChatStore, StoredMessage } from './chat-store.js';

/** One local follower of a channel (a socket's subscription). */
export interface ChannelListener {
  /** How this follower calls the channel (`dm:<otherUserId>`). */
  readonly name: string;
  hides(senderId: string): boolean;
  message(view: MessageView): void;
  deleted(seq: number): void;
}

interface Follower {
  listener: ChannelListener;
  lastSent: number;
  /** Set while the follower's replay runs; live messages wait here meanwhile. */
  held: StoredMessage[] | undefined;
}

interface ChannelState {
  followers: Set<Follower>;
  /** Highest seq this node has read; every follower has been offered everything up to it. */
  cursor: number;
  ready: Promise<void>;
  unsubscribe?: Unsubscribe;
  pulling?: Promise<void>;
  again: boolean;
}

const PAGE = 200;

/**
 * Live delivery on one node. The bus only says "channel X has seq N" (bodies never cross it); the
 * node reads new messages once per channel from storage and offers them to each local follower,
 * which passes on only seqs above the last one it sent. So every follower sees one channel in seq
 * order without duplicates, whatever order notices arrive in from several nodes, and a lost notice
 * is repaired by the next one or the periodic catch-up.
 */
export class ChatFanout {
  private readonly channels = new Map<string, ChannelState>();

  constructor(
    private readonly deps: { store: ChatStore; chat: ChatService; bus: Bus; clock: Clock; logger: Logger },
  ) {}

  /** Follows `channelKey`; with `after`, first replays visible messages above it. Returns unfollow. */
  async follow(channelKey: string, listener: ChannelListener, after?: number): Promise<() => void> {
    const state = this.state(channelKey);
    await state.ready;
    const follower: Follower = { listener, lastSent: 0, held: [] };
    state.followers.add(follower);
    try {
      if (after === undefined) {
        follower.lastSent = await this.deps.store.lastSeq(channelKey);
      } else {
        follower.lastSent = after;
        for (;;) {
          const page = await this.page(channelKey, follower.lastSent);
          this.send(follower, page);
          if (page.length < PAGE) break;
        }
      }
      const held = follower.held ?? [];
      follower.held = undefined;
      this.send(follower, held);
    } catch (err) {
      this.unfollow(channelKey, follower);
      throw err;
    }
    return () => this.unfollow(channelKey, follower);
  }

  /** Reads every channel followed here again; repairs notices the bus lost. */
  catchUp(): void {
    for (const [key, state] of this.channels) if (state.followers.size > 0) this.pull(key, state);
  }

  private state(key: string): ChannelState {
    let state = this.channels.get(key);
    if (state) return state;
    const created: ChannelState = { followers: new Set(), cursor: 0, again: false, ready: Promise.resolve() };
    created.ready = (async () => {
      created.unsubscribe = await this.deps.bus.subscribe(chatTopic(key), (notice) =>
        this.onNotice(key, created, notice as ChannelNotice),
      );
      // Subscribed first, then read: nothing committed after this read can be missed.
      created.cursor = await this.deps.store.lastSeq(key);
    })();
    // A channel whose subscription failed is forgotten, so the next follower tries again.
    created.ready.catch(() => {
      if (this.channels.get(key) === created) this.channels.delete(key);
    });
    this.channels.set(key, created);
    return created;
  }

  private onNotice(key: string, state: ChannelState, notice: ChannelNotice): void {
    if (notice?.type === 'posted' && notice.seq > state.cursor) this.pull(key, state);
    if (notice?.type === 'deleted') for (const f of state.followers) f.listener.deleted(notice.seq);
  }

  /** Single flight per channel: a notice during a read asks for one more read afterwards. */
  private pull(key: string, state: ChannelState): void {
    if (state.pulling) {
      state.again = true;
      return;
    }
    state.pulling = (async () => {
      await state.ready;
      do {
        state.again = false;
        const page = await this.page(key, state.cursor);
        const last = page.at(-1);
        if (last) state.cursor = last.seq;
        // One decryption per message and name, however many followers this node has.
        const views = new Map<string, MessageView>();
        for (const follower of state.followers) this.offer(follower, page, views);
        if (page.length === PAGE) state.again = true;
      } while (state.again);
    })()
      .catch((err) => this.deps.logger.warn({ err, channel: key }, 'chat fan-out read failed'))
      .finally(() => (state.pulling = undefined));
  }

  private async page(key: string, after: number): Promise<StoredMessage[]> {
    const now = this.deps.clock.now();
    return (await this.deps.store.page(key, { after, limit: PAGE, now })).messages;
  }

  private offer(follower: Follower, messages: StoredMessage[], views?: Map<string, MessageView>): void {
    if (follower.held) follower.held.push(...messages);
    else this.send(follower, messages, views);
  }

  /** Passes on, in order, the messages above what the follower has already been sent. */
  private send(follower: Follower, messages: StoredMessage[], views = new Map<string, MessageView>()): void {
    for (const m of messages) {
      if (m.seq <= follower.lastSent) continue;
      follower.lastSent = m.seq;
      if (follower.listener.hides(m.senderId)) continue;
      try {
        const key = `${m.seq}\n${follower.listener.name}`;
        let view = views.get(key);
        if (!view) views.set(key, (view = this.deps.chat.view(m, follower.listener.name)));
        follower.listener.message(view);
      } catch (err) {
        this.deps.logger.error({ err, channel: m.channelKey, seq: m.seq }, 'could not deliver a message');
      }
    }
  }

  private unfollow(key: string, follower: Follower): void {
    const state = this.channels.get(key);
    if (!state || !state.followers.delete(follower) || state.followers.size > 0) return;
    this.channels.delete(key);
    void state.ready.then(() => state.unsubscribe?.()).catch(() => {});
  }

  close(): void {
    for (const key of [...this.channels.keys()]) {
      const state = this.channels.get(key)!;
      for (const f of [...state.followers]) this.unfollow(key, f);
    }
  }
}
