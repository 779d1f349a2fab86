import type { HeartbeatReport } from '@parlor/protocol';
import type { Clock, TimerHandle } from './clock.js';
import type { ControlReporter } from './control-reporter.js';

export interface HeartbeatOptions {
  reporter: ControlReporter;
  clock: Clock;
  intervalMs: number;
  /** Failures in a row are tolerated this long (the control plane may be restarting). */
  giveUpMs: number;
  summary(): HeartbeatReport;
  /** The control plane refused this game's token (401, or 404/410): the game is over for it. */
  onForgotten(): void;
  onUnreachable(): void;
}

/** Beats every intervalMs, one request at a time. Returns the interval to clear. */
export function keepHeartbeat(o: HeartbeatOptions): TimerHandle {
  let inFlight = false;
  let failingSince: number | null = null;
  let done = false;
  const beat = async () => {
    if (inFlight || done) return;
    inFlight = true;
    const outcome = await o.reporter.heartbeat(o.summary());
    inFlight = false;
    if (done) return;
    if (outcome === 'ok') {
      failingSince = null;
    } else if (outcome === 'forgotten') {
      done = true;
      o.onForgotten();
    } else {
      failingSince ??= o.clock.nowMs();
      if (o.clock.nowMs() - failingSince >= o.giveUpMs) {
        done = true;
        o.onUnreachable();
      }
    }
  };
  return o.clock.setInterval(() => void beat(), o.intervalMs);
}
