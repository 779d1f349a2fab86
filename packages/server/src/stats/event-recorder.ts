import type { Clock } from '../platform/clock.js';
import type { StatsEventStore } from './event-store.js';
import type { StatsCounters } from './stats-metrics.js';
import type { GameEnd, StatsRecorder } from './stats-recorder.js';

/**
 * The recorder other features are given: each call is one awaited statement (durable before the
 * feature answers), then a Prometheus counter.
 */
export class EventRecorder implements StatsRecorder {
  constructor(
    private readonly deps: { store: StatsEventStore; clock: Clock; counters: StatsCounters; nodeId: string },
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  async registered(e: { userId: string; usernameKey: string }): Promise<void> {
    await this.deps.store.registered(e.userId, e.usernameKey, this.now());
  }

  async loggedIn(e: { userId: string; sessionId: string; expiresAt: Date }): Promise<void> {
    await this.deps.store.loggedIn(e.userId, e.sessionId, e.expiresAt, this.now());
    this.deps.counters.logins.inc({ outcome: 'success' });
    this.deps.counters.sessionsStarted.inc();
  }

  async loginFailed(e: { userId: string | null }): Promise<void> {
    await this.deps.store.loginFailed(e.userId, this.now());
    this.deps.counters.logins.inc({ outcome: 'failure' });
  }

  async sessionUsed(e: { userId: string; sessionId: string }): Promise<void> {
    await this.deps.store.sessionUsed(e.userId, e.sessionId, this.now());
  }

  async sessionsUsed(e: readonly { userId: string; sessionId: string }[]): Promise<void> {
    if (e.length > 0) await this.deps.store.sessionsUsed(e, this.now());
  }

  async sessionsEnded(e: { userId: string; sessionIds: readonly string[]; reason: string }): Promise<void> {
    await this.deps.store.sessionsEnded(e.userId, e.sessionIds, e.reason, this.now());
  }

  async socketConnected(e: { userId: string; connectionId: string }): Promise<void> {
    await this.deps.store.socketConnected(e.userId, e.connectionId, this.deps.nodeId, this.now());
  }

  async socketClosed(e: { connectionId: string }): Promise<void> {
    await this.deps.store.socketClosed(e.connectionId, this.now());
  }

  async gameCreated(e: { gameId: string; type: string }): Promise<void> {
    await this.deps.store.gameCreated(e.gameId, e.type, this.now());
  }

  async gameStarted(e: { gameId: string; type: string }): Promise<void> {
    await this.deps.store.gameStarted(e.gameId, e.type, this.now());
  }

  async gameEnded(e: GameEnd): Promise<void> {
    await this.deps.store.gameEnded(e, this.now());
    this.deps.counters.gamesEnded.inc({ status: e.status });
  }

  async chatMessagePosted(e: { userId: string; channelKind: 'lobby' | 'game' | 'dm' }): Promise<void> {
    await this.deps.store.chatMessagePosted(e.userId, e.channelKind, this.now());
    this.deps.counters.chatMessages.inc({ channel: e.channelKind });
  }
}
