import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AppError } from '../platform/app-error.js';

export interface RelayTarget {
  host: string;
  port: number;
}

// Only what the WebSocket handshake needs crosses over: no cookie, no authorization, no origin
// (the relay checked it), so the game server sees nothing of the player's other credentials.
const FORWARDED = [
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
];

/** Dials the game server; a server that cannot be reached is a 503 the client can retry. */
export function dialGameServer(target: RelayTarget, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const upstream = connect({ host: target.host, port: target.port });
    const fail = () => {
      upstream.destroy();
      reject(new AppError('UNAVAILABLE', 'The game server cannot be reached', { retryAfterSeconds: 1 }));
    };
    const timer = setTimeout(fail, timeoutMs);
    upstream.once('error', () => {
      clearTimeout(timer);
      fail();
    });
    upstream.once('connect', () => {
      clearTimeout(timer);
      upstream.removeAllListeners('error');
      resolve(upstream);
    });
  });
}

/**
 * Forwards the upgrade request to the game server and then pipes bytes both ways, untouched:
 * the game server answers the handshake (101 and Sec-WebSocket-Accept) and reads the
 * connect token from the first frame itself. Nothing is decoded or re-encoded here.
 */
export function pipeUpgrade(o: {
  request: IncomingMessage;
  client: Duplex;
  head: Buffer;
  upstream: Socket;
  target: RelayTarget;
  path: string;
  onClose: () => void;
}): void {
  const { request, client, upstream } = o;
  const host = o.target.host.includes(':') ? `[${o.target.host}]` : o.target.host;
  const lines = [`GET ${o.path} HTTP/1.1`, `Host: ${host}:${o.target.port}`];
  lines.push('Upgrade: websocket', 'Connection: Upgrade');
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string') lines.push(`${name}: ${value}`);
  }
  upstream.setNoDelay(true);
  if ('setNoDelay' in client && typeof client.setNoDelay === 'function') client.setNoDelay(true);
  upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (o.head.length > 0) upstream.write(o.head);

  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    upstream.destroy();
    client.destroy();
    o.onClose();
  };
  for (const side of [client, upstream]) {
    side.on('error', close);
    side.on('close', close);
  }
  upstream.pipe(client);
  client.pipe(upstream);
}

/**
 * The bytes that arrived after the upgrade request's headers. Clients wait for the 101
 * before sending frames, so this is empty in practice; @fastify/websocket keeps it on the
 * request under a symbol it does not export, looked up by its description.
 */
export function upgradeHead(request: IncomingMessage): Buffer {
  const key = Object.getOwnPropertySymbols(request).find((s) => s.description === 'ws-head');
  const head = key ? (request as unknown as Record<symbol, unknown>)[key] : undefined;
  return Buffer.isBuffer(head) ? head : Buffer.alloc(0);
}
