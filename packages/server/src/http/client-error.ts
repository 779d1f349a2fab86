import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { type ErrorBody, Errors, type HttpErrorCode } from '@parlor/protocol';
import type { Logger } from '../platform/logger.js';

/** Node's parser errors that have their own status; anything else it refuses is a plain 400. */
const PARSER_CODES: Record<string, HttpErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * What Node's HTTP parser refuses (malformed request lines or headers, 431, request timeouts)
 * never reaches Fastify's hooks, so it is answered here, written straight to the socket: the
 * same security headers and the same `{error: {code, message}}` envelope as every other answer.
 * Logged at debug: a stranger can cause it at will.
 */
export function clientErrorHandler(headers: Record<string, string>, logger: Logger) {
  const fixedHeaders = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (err: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const code: HttpErrorCode = PARSER_CODES[err.code ?? ''] ?? 'MALFORMED_REQUEST';
    const { status, message } = Errors[code];
    logger.debug({ code: err.code }, 'malformed HTTP request refused');
    if (socket.writable) {
      const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${fixedHeaders}` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
