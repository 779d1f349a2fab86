// Placeholder until the rate-limit adapters land.
export class InProcessLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  async consume(key: string, rule: { limit: number; windowMs: number }) {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= rule.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { allowed: w.count <= rule.limit, retryAfterMs: w.start + rule.windowMs - now };
  }
}
