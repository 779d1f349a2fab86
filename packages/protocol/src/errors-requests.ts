import type { ErrorEntry } from './errors.js';

/** Requests in general: input, routes, limits, and failures on our side. Part of the one catalogue (errors.ts). */
export const requestErrors = {
  VALIDATION_FAILED: {
    status: 400,
    realtime: 'error',
    message: 'The request is not valid',
    meaning: 'Input broke the schema; `issues` lists each field and what is wrong with it.',
  },
  BAD_JSON: {
    status: 400,
    message: 'The request body is not valid JSON',
    meaning: 'The body did not parse.',
  },
  NOT_FOUND: {
    status: 404,
    realtime: 'error',
    message: 'Not found',
    meaning: 'No such object, or one the caller may not know exists.',
  },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route', meaning: 'No route for this method and path.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: 'Method not allowed',
    meaning: 'The path exists, the method does not.',
  },
  CONFLICT: {
    status: 409,
    realtime: 'error',
    message: 'The request conflicts with the current state',
    meaning:
      'The object exists already, or its state does not allow this (e.g. authenticating a socket twice).',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    realtime: 'close',
    game: 'close',
    closeCode: 1009,
    message: 'The request body is too large',
    meaning:
      "A body over PARLOR_BODY_LIMIT_BYTES (a mini-game's front end: over 256 KiB), or a socket frame over its size cap.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Send JSON (Content-Type: application/json)',
    meaning: 'Bodies are JSON.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: 'This request id was used for a different request',
    meaning: 'The same Idempotency-Key (or requestId) with a different body.',
  },
  RATE_LIMITED: {
    status: 429,
    realtime: 'error',
    game: 'close',
    closeCode: 4031,
    message: 'Too many requests; slow down',
    meaning:
      'A rate limit was hit; HTTP adds `retryAfterSeconds` and `Retry-After`. The game socket closes after too many.',
  },
  INTERNAL: {
    status: 500,
    realtime: 'error',
    game: 'close',
    closeCode: 1011,
    message: 'Something went wrong on our side',
    meaning: 'A bug; the details are in the server log, never in the answer.',
  },
  UNAVAILABLE: {
    status: 503,
    realtime: 'error',
    message: 'A dependency is unavailable; try again shortly',
    meaning: 'Storage or Redis does not answer; adds `retryAfterSeconds`.',
  },
  MALFORMED_REQUEST: {
    status: 400,
    message: 'The request is not valid HTTP',
    meaning: 'The bytes on the connection are not an HTTP request Parlor can read; the connection closes.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    message: 'The request took too long to arrive',
    meaning: 'Its headers or body came too slowly (a slow-loris client); the connection closes.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    message: 'The request headers are too large',
    meaning: 'The request line and headers together are over the limit.',
  },
  BUSY: {
    status: 503,
    message: 'The server is busy; try again shortly',
    meaning: 'Too many requests are waiting for CPU-heavy work (password hashing); adds `retryAfterSeconds`.',
  },
  UPGRADE_REQUIRED: {
    status: 426,
    message: 'Open this address with a WebSocket client',
    meaning:
      'A plain HTTP request to a socket address (the realtime socket, a game socket through the relay).',
  },
} as const satisfies Record<string, ErrorEntry>;
