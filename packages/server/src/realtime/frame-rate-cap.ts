import type { Clock } from '../platform/clock.js';
import { bucketParameters, gcraStep } from '../rate-limit/rate-limit.js';

/**
 * Frames per second for one connection: a burst of two seconds' worth, then `perSecond`. Kept in
 * the connection itself (not the shared store) because it guards this process's CPU, not a quota.
 */
export class FrameRateCap {
  private tatUs: number | undefined;
  private readonly bucket;

  constructor(
    perSecond: number,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {
    this.bucket = bucketParameters({ limit: perSecond * 2, windowMs: 2000 });
  }

  allow(): boolean {
    const step = gcraStep(this.tatUs, this.clock.nowMs() * 1000, this.bucket);
    if (step.nextTatUs !== undefined) this.tatUs = step.nextTatUs;
    return step.decision.allowed;
  }
}
