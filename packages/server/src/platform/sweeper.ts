import type { Logger } from './logger.js';

export interface SweepTask {
  name: string;
  /** Does the task's work; returns how many things it handled (rows removed, tables vacuumed). */
  run(): Promise<number>;
}

/**
 * Runs housekeeping tasks (audit retention, used-nonce purge, the embedded engine's vacuum)
 * every `intervalMs`. Runs never overlap; a failing task is logged and the others still run.
 * The timer does not keep the process alive, and `stop()` waits for a run in progress.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly tasks: readonly SweepTask[],
    private readonly log: Pick<Logger, 'info' | 'error'>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass over every task (also for tests and operators who cannot wait for the timer). */
  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const task of this.tasks) {
      try {
        const handled = await task.run();
        if (handled > 0) this.log.info({ task: task.name, handled }, 'sweeper task done');
      } catch (err) {
        this.log.error({ err, task: task.name }, 'sweeper task failed');
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
