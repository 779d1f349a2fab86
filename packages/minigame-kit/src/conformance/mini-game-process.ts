import { spawn, type ChildProcess } from 'node:child_process';

/** The mini-game under test, started with `--url … --key …`; its output kept for the report. */
export class MiniGameProcess {
  private readonly child: ChildProcess;
  private output = '';
  exitCode: number | null | undefined = undefined;

  constructor(command: string[], url: string, key: string) {
    const [file, ...args] = command;
    if (!file) throw new Error('no mini-game command given');
    this.child = spawn(file, [...args, '--url', url, '--key', key], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-4000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('exit', (code) => (this.exitCode = code));
    this.child.on('error', (error) => {
      this.exitCode = -1;
      keep(Buffer.from(String(error)));
    });
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** The last lines it printed, with the key blanked so a report never carries it. */
  tail(key: string): string {
    return this.output.split(key).join('plk_…').trim().split('\n').slice(-6).join(' | ');
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(force);
  }
}
