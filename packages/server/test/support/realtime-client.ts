import type { ServerFrame } from '@parlor/protocol';
import WebSocket from 'ws';

/** A test client for /v1/realtime that records every frame and waits for the ones a test needs. */
export interface RealtimeClient {
  ws: WebSocket;
  frames: ServerFrame[];
  send(frame: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** The first recorded frame (from `from` on) that matches; waits up to `timeoutMs`. */
  next<T extends ServerFrame['type']>(
    type: T,
    match?: (f: Extract<ServerFrame, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ServerFrame, { type: T }>>;
  /** Resolves with the close code once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openSocket(
  baseUrl: string,
  options: { origin?: string; autoPong?: boolean } = {},
): Promise<RealtimeClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/v1/realtime`, {
    headers: options.origin ? { origin: options.origin } : {},
    autoPong: options.autoPong ?? true,
  });
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const w of [...waiters]) w();
  });
  let closedWith: string | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      closedWith = `${code} ${reason.toString()}`;
      resolve({ code, reason: reason.toString() });
      for (const w of [...waiters]) w();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  const consumed = new Set<ServerFrame>();
  return {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(JSON.stringify(frame)),
    sendRaw: (data) => ws.send(data),
    close: () => ws.close(),
    next(type, match, timeoutMs = 10_000) {
      type F = Extract<ServerFrame, { type: typeof type }>;
      const find = () =>
        frames.find((f) => !consumed.has(f) && f.type === type && (!match || match(f as F))) as F | undefined;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find();
          if (found) {
            consumed.add(found);
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (closedWith !== undefined) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`socket closed (${closedWith}) before a ${type} frame`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(-5))}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Opens a socket and authenticates it; resolves after `ready`. */
export async function connectAs(baseUrl: string, token: string): Promise<RealtimeClient> {
  const client = await openSocket(baseUrl);
  client.send({ type: 'auth', token });
  await client.next('ready');
  return client;
}
