import type { Bus } from '../bus/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { chatTopic } from './channels.js';
import type { ChannelNotice } from './chat-service.js';
import type { ChatStore } from './chat-store.js';

const BATCH = 500;

/**
 * Purges what self-deletion promised to delete. Expired messages are already invisible to every
 * read (reads filter on the clock); this removes their bodies from storage, tells live clients,
 * and later drops the tombstones. Every node may run it: the SQL skips rows another node holds.
 */
export class ChatSweeper {
  constructor(
    private readonly deps: {
      store: ChatStore;
      bus: Bus;
      clock: Clock;
      logger: Logger;
      tombstoneMs: number;
    },
  ) {}

  /** One pass; returns how many messages expired. */
  async sweep(): Promise<number> {
    const { store, bus, clock } = this.deps;
    let total = 0;
    for (;;) {
      const expired = await store.expire(clock.now(), BATCH);
      total += expired.length;
      for (const { channelKey, seq } of expired) {
        const notice: ChannelNotice = { type: 'deleted', seq };
        await bus.publish(chatTopic(channelKey), notice).catch(() => {});
      }
      if (expired.length < BATCH) break;
    }
    await store.purgeTombstones(new Date(clock.nowMs() - this.deps.tombstoneMs));
    return total;
  }

  /** Sweeps every `intervalMs` until the returned stop function is called. */
  start(intervalMs: number): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sweep()
        .catch((err) => this.deps.logger.warn({ err }, 'chat sweep failed'))
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
