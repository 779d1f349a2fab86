import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { PeerSocket } from './peer-socket.js';

type Kind = 'control' | 'game';

/** The platform's two sockets on loopback: `/v1/minigames/connect` and `/v1/games/{id}/socket`. */
export class PlatformDouble {
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  private readonly arrived: Record<Kind, PeerSocket[]> = { control: [], game: [] };
  private readonly waiters: Record<Kind, (() => void)[]> = { control: [], game: [] };

  constructor() {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket, head) => {
      const url = req.url ?? '';
      const kind: Kind | undefined = url.startsWith('/v1/minigames/connect')
        ? 'control'
        : /^\/v1\/games\/[^/]+\/socket/.test(url)
          ? 'game'
          : undefined;
      if (!kind) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.arrived[kind].push(new PeerSocket(ws, url));
        for (const w of this.waiters[kind].splice(0)) w();
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next socket of `kind` the mini-game opens, or undefined after `timeoutMs`. */
  async accept(kind: Kind, timeoutMs: number): Promise<PeerSocket | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.arrived[kind].length === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters[kind].push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.arrived[kind].shift();
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
