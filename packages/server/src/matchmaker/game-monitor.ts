import type { MatchmakerContext } from './context.js';
import type { GameLifecycle } from './game-lifecycle.js';
import { LIVE_STATUSES } from './games-store.js';

/** What this service uses of the matchmaker's context. */
export type GameMonitorDeps = Pick<MatchmakerContext, 'clock' | 'games' | 'launcher' | 'limits' | 'log'>;

/**
 * Watches live games: a server that stops heart-beating is failed and stopped, a launch
 * that never reported ready is failed, a game nobody is connected to is ended. Every node
 * sweeps every game; the conditional status update lets exactly one of them act.
 */
export class GameMonitor {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly ctx: GameMonitorDeps,
    private readonly lifecycle: GameLifecycle,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.ctx.limits.heartbeatIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** One pass over the rules; returns how many games it ended. Never throws. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce()
      .catch((err: unknown) => {
        this.ctx.log.error({ err }, 'game sweep failed');
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const { limits, clock, games } = this.ctx;
    const now = clock.nowMs();
    const overdue = await games.overdue({
      heartbeat: new Date(now - limits.heartbeatTimeoutMs),
      launch: new Date(now - limits.startupTimeoutMs - limits.heartbeatTimeoutMs),
      idle: new Date(now - limits.idleTimeoutMs),
    });
    let ended = 0;
    for (const { id, why } of overdue) {
      const done =
        why === 'heartbeat'
          ? await this.lifecycle.end(id, 'failed', `no heartbeat for ${limits.heartbeatTimeoutMs} ms`)
          : why === 'launch'
            ? await this.lifecycle.end(id, 'failed', 'the game server never reported ready')
            : // Nobody came, or everybody went: PARLOR_GAME_IDLE_TIMEOUT_MS with no player connected.
              await this.lifecycle.end(id, 'ended', 'abandoned');
      if (done) ended++;
    }
    return ended;
  }

  /**
   * At start: servers the launcher can see whose games are over (or unknown) are stopped;
   * live games of this launcher's scope whose server is gone are failed. Live games whose
   * server still runs are left to the heartbeat rule, so a quick restart loses no game.
   */
  async reconcile(): Promise<{ stopped: string[]; failed: string[] }> {
    const { launcher, games } = this.ctx;
    const running = await launcher.list();
    const stopped: string[] = [];
    for (const server of running) {
      const game = await games.get(server.gameId);
      if (game && LIVE_STATUSES.includes(game.status)) continue;
      await launcher.stop(server.gameId);
      stopped.push(server.gameId);
    }
    const runningIds = new Set(running.map((s) => s.gameId));
    const failed: string[] = [];
    for (const game of await games.liveInScope(launcher.scope)) {
      if (runningIds.has(game.id)) continue;
      const reason = 'the game server was gone when the matchmaker restarted';
      if (await this.lifecycle.end(game.id, 'failed', reason, { stop: false })) failed.push(game.id);
    }
    if (stopped.length || failed.length) this.ctx.log.warn({ stopped, failed }, 'reconciled game servers');
    return { stopped, failed };
  }
}
