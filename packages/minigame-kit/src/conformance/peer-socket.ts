import type WebSocket from 'ws';

/** A mini-game's socket as the platform sees it: frames in arrival order, awaited one by one. */
export class PeerSocket {
  private readonly frames: { text?: string; binary: boolean }[] = [];
  private waiter: (() => void) | undefined;
  closed = false;
  closeCode: number | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly requestUrl: string,
  ) {
    socket.on('message', (raw, isBinary) => {
      this.frames.push(isBinary ? { binary: true } : { text: raw.toString(), binary: false });
      this.waiter?.();
    });
    socket.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      this.waiter?.();
    });
  }

  /** The next frame, or undefined on close or after `timeoutMs`. */
  async next(timeoutMs: number): Promise<{ text?: string; binary: boolean } | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0 && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.frames.shift();
  }

  send(frame: unknown): void {
    if (!this.closed) this.socket.send(JSON.stringify(frame));
  }

  close(code: number, reason: string): void {
    if (!this.closed) this.socket.close(code, reason);
  }
}
