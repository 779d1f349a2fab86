import type { Bus } from '../bus/index.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { BlockStore } from './block-store.js';

/** Tells the blocker's sockets (on every node) to re-read whom they hide. */
export interface BlocksChangedNotice {
  type: 'blocks_changed';
  userId: string;
}

/**
 * Blocks. What a block does (docs/chat.md): neither side can post to their direct channel while
 * either blocks the other, and the blocker no longer sees the blocked user's lobby and game
 * messages (hidden on every read and on live delivery) nor is shown to them as online.
 */
export class BlockService {
  constructor(private readonly deps: { blocks: BlockStore; bus: Bus; clock: Clock; logger: Logger }) {}

  async block(blocker: string, blocked: string): Promise<void> {
    if (blocker === blocked) throw new AppError('VALIDATION_FAILED', 'You cannot block yourself');
    if (!(await this.deps.blocks.add(blocker, blocked, this.deps.clock.now())))
      throw new AppError('NOT_FOUND', 'No such user');
    this.changed(blocker);
  }

  async unblock(blocker: string, blocked: string): Promise<void> {
    if (!(await this.deps.blocks.remove(blocker, blocked)))
      throw new AppError('NOT_FOUND', 'You have not blocked this user');
    this.changed(blocker);
  }

  list(blocker: string) {
    return this.deps.blocks.list(blocker);
  }

  private changed(userId: string): void {
    const notice: BlocksChangedNotice = { type: 'blocks_changed', userId };
    this.deps.bus
      .publish(`user:${userId}`, notice)
      .catch((err) => this.deps.logger.warn({ err }, 'could not publish a blocks notice'));
  }
}
