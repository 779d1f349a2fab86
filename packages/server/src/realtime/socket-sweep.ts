import type { Clock } from '../platform/clock.js';
import type { RealtimeLimits } from './realtime-context.js';

/** A socket the heartbeat sweep pings, and cuts off when it did not answer the last ping. */
export interface Heartbeating {
  heartbeat(): void;
}

/** A signed-in socket whose session the session sweep checks for expiry and revocation. */
export interface SessionWatched {
  checkSession(nowMs: number): void;
}

/**
 * Two timers for the whole node instead of two per socket: every `heartbeatMs` each open socket
 * is pinged, and every `sessionCheckMs` each signed-in socket checks its session. A timer per
 * socket cost each idle socket two Timeout objects, two closures and their contexts (about
 * 0.5 KiB, and 40,000 timers at 20,000 sockets); set membership costs a few dozen bytes. A socket
 * that joins between two sweeps is visited sooner than a period after it opened, never later.
 */
export class SocketSweep {
  private readonly beating = new Set<Heartbeating>();
  private readonly watched = new Set<SessionWatched>();
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly limits: Pick<RealtimeLimits, 'heartbeatMs' | 'sessionCheckMs'>,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {}

  start(): void {
    if (this.timers.length > 0) return;
    // Members may leave during a sweep (a socket cut off or expired): a Set allows deleting the
    // entry being visited.
    const heartbeats = setInterval(() => {
      for (const socket of this.beating) socket.heartbeat();
    }, this.limits.heartbeatMs);
    const sessions = setInterval(() => {
      const now = this.clock.nowMs();
      for (const socket of this.watched) socket.checkSession(now);
    }, this.limits.sessionCheckMs);
    heartbeats.unref();
    sessions.unref();
    this.timers = [heartbeats, sessions];
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  addHeartbeat(socket: Heartbeating): void {
    this.beating.add(socket);
  }

  removeHeartbeat(socket: Heartbeating): void {
    this.beating.delete(socket);
  }

  addSession(socket: SessionWatched): void {
    this.watched.add(socket);
  }

  removeSession(socket: SessionWatched): void {
    this.watched.delete(socket);
  }
}
