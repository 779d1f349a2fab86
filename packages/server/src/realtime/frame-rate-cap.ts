import type { Clock } from '../platform/clock.js';
import { bucketParameters, gcraStep } from '../rate-limit/rate-limit.js';

/** The one number a connection keeps for its frame rate (GCRA's theoretical arrival time). */
export interface FrameRateState {
  frameTatUs: number | undefined;
}

/**
 * Frames per second for each connection: a burst of two seconds' worth, then `perSecond`. One
 * rule per node holds the parameters; each connection holds only its own arrival time, in the
 * connection itself (not the shared store) because it guards this process's CPU, not a quota.
 */
export class FrameRateCap {
  private readonly bucket;

  constructor(
    perSecond: number,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {
    this.bucket = bucketParameters({ limit: perSecond * 2, windowMs: 2000 });
  }

  allow(connection: FrameRateState): boolean {
    const step = gcraStep(connection.frameTatUs, this.clock.nowMs() * 1000, this.bucket);
    if (step.nextTatUs !== undefined) connection.frameTatUs = step.nextTatUs;
    return step.decision.allowed;
  }
}
