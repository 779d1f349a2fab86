import { z } from 'zod';
import type { Bus } from '../bus/index.js';
import type { Logger } from '../platform/logger.js';

const NOTICES_TOPIC = 'minigames:changed';

const Notice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('catalogue') }),
  z.object({ kind: z.literal('keys'), keyIds: z.array(z.string()).max(1_000) }),
]);

export interface MinigameNoticeHandlers {
  /** Some node registered, changed or deleted a mini-game: read the catalogue again. */
  catalogueChanged(): Promise<void>;
  /** Some node revoked, rotated or deleted these keys: what they opened here ends. */
  keysDropped(keyIds: readonly string[]): void;
}

/**
 * What one node changes about mini-games and every other node must act on: the catalogue lives
 * in each node's memory, and a key's connection may be held by a node other than the one where
 * the owner revoked it. The node that made the change has acted already; it hears its own notice
 * too, which repeats the same idempotent work.
 */
export class MinigameNotices {
  constructor(
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  async start(handlers: MinigameNoticeHandlers): Promise<() => Promise<void>> {
    return this.bus.subscribe(NOTICES_TOPIC, async (message) => {
      const notice = Notice.safeParse(message);
      if (!notice.success) return;
      if (notice.data.kind === 'catalogue') await handlers.catalogueChanged();
      else handlers.keysDropped(notice.data.keyIds);
    });
  }

  catalogueChanged(): void {
    this.publish({ kind: 'catalogue' });
  }

  keysDropped(keyIds: readonly string[]): void {
    if (keyIds.length > 0) this.publish({ kind: 'keys', keyIds: [...keyIds] });
  }

  private publish(notice: z.infer<typeof Notice>): void {
    this.bus.publish(NOTICES_TOPIC, notice).catch((err: unknown) => {
      this.log.error({ err, kind: notice.kind }, 'could not tell the other nodes of a mini-game change');
    });
  }
}
