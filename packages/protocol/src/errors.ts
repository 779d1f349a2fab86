/**
 * The catalogue of HTTP error codes. Codes are stable: clients (SDK, web) branch on them,
 * so a code is never renamed or reused for another meaning. Messages are for people.
 */
export const HttpErrors = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid' },
  BAD_JSON: { status: 400, message: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, message: 'A valid credential is required' },
  INVALID_CREDENTIALS: { status: 401, message: 'Unknown username or wrong password' },
  SESSION_EXPIRED: { status: 401, message: 'The session has expired; log in again' },
  WRONG_CREDENTIAL_KIND: { status: 401, message: 'This endpoint does not accept this kind of credential' },
  WRONG_PASSWORD: { status: 403, message: 'The current password is wrong' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this' },
  BLOCKED: { status: 403, message: 'One of you has blocked the other' },
  ESCALATION_REFUSED: { status: 403, message: 'You cannot grant permissions you do not hold' },
  TICKET_INVALID: { status: 422, message: 'The join ticket is not valid' },
  TICKET_EXPIRED: { status: 422, message: 'The join ticket has expired' },
  TICKET_REPLAYED: { status: 409, message: 'The join ticket has already been used' },
  TICKET_WRONG_SERVER: { status: 403, message: 'The join ticket was made for another server' },
  BOOTSTRAP_REFUSED: { status: 403, message: 'The bootstrap code is wrong or has been used' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  USERNAME_TAKEN: { status: 409, message: 'That username is taken' },
  CONFLICT: { status: 409, message: 'The request conflicts with the current state' },
  MESSAGE_GONE: { status: 410, message: 'That message has been deleted' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON (Content-Type: application/json)' },
  GAME_TYPE_UNKNOWN: { status: 400, message: 'There is no game of that type' },
  PASSCODE_INVALID: { status: 403, message: 'No game is open with that passcode' },
  GAME_STARTED: { status: 409, message: 'The game has already started; no one can join now' },
  GAME_FULL: { status: 409, message: 'The game is full' },
  GAME_NOT_READY: { status: 409, message: 'The game server is still starting; try again in a moment' },
  GAME_LIMIT_REACHED: { status: 409, message: 'You host as many games as allowed; end one first' },
  GAME_OVER: { status: 410, message: 'The game is over' },
  PLAN_LIMIT_REACHED: {
    status: 403,
    message: "The studio's plan has no room for this player; the studio must upgrade its plan",
  },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'This request id was used for a different request' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side' },
  NO_GAME_SLOT: { status: 503, message: 'Every game slot is taken; try again later' },
  GAME_START_FAILED: { status: 503, message: 'The game server did not start; try again' },
  UNAVAILABLE: { status: 503, message: 'A dependency is unavailable; try again shortly' },
} as const satisfies Record<string, { status: number; message: string }>;

export type HttpErrorCode = keyof typeof HttpErrors;

export interface ErrorBody {
  error: {
    code: HttpErrorCode | (string & {});
    message: string;
    /** Field-level problems for VALIDATION_FAILED: path and what is wrong with it. */
    issues?: { path: string; message: string }[];
    retryAfterSeconds?: number;
  };
}
