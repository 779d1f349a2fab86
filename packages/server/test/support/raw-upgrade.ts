import { createServer, type Server, type Socket } from 'node:net';
import { WebSocket } from 'ws';

export interface UpgradeOutcome {
  /** 101 when the socket opened; otherwise the HTTP status of the refusal. */
  status: number;
  /** The refusal's error code, if its body was the error envelope. */
  code?: string;
  ws?: WebSocket;
}

/** Opens a WebSocket to `url` and reports what came back: an open socket or a refusal. */
export function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ status: 101, ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = JSON.parse(body).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, ...(code ? { code } : {}) });
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
    });
    ws.once('error', (err) => reject(err));
  });
}

/** A TCP listener that counts who dials it (and holds them), to show what was never dialled. */
export async function dialWitness(): Promise<{
  port: number;
  dials: () => number;
  /** Everything dialled-in sockets sent, as text. */
  received: () => string;
  close(): Promise<void>;
}> {
  let dials = 0;
  let received = '';
  const held = new Set<Socket>();
  const server: Server = createServer((socket) => {
    dials++;
    held.add(socket);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    dials: () => dials,
    received: () => received,
    close: async () => {
      for (const s of held) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
