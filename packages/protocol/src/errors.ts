/**
 * The one catalogue of error codes, for HTTP, the realtime socket and the game socket (after
 * Fastify's lib/errors.js). A code means one thing wherever it travels, is never renamed or reused
 * for another meaning, and clients (SDK, web, mini-games) branch on it. Messages are for people.
 *
 * How each transport carries a code:
 * - `status`: HTTP answers it with this status and `{"error": {"code", "message"}}`.
 * - `realtime` / `game`: the socket sends it in an `error` frame (the socket stays open), or in
 *   the `closing` frame just before it closes (`close`), or either (`both`).
 * - `closeCode`: the WebSocket close code a socket closes with for it, so that a client that
 *   never saw the `closing` frame still learns why. Codes without one close with 4000.
 */
export type SocketCarriage = 'error' | 'close' | 'both';

export interface ErrorEntry {
  /** Default human words; a server may send more specific ones. */
  readonly message: string;
  /** When the code is used, for people reading docs/errors.md. */
  readonly meaning: string;
  readonly status?: number;
  readonly realtime?: SocketCarriage;
  readonly game?: SocketCarriage;
  readonly closeCode?: number;
}

export const Errors = {
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
  BAD_FRAME: {
    realtime: 'error',
    game: 'both',
    closeCode: 4030,
    message: 'The frame is not a valid message',
    meaning:
      'A socket frame did not parse or broke its schema (realtime: JSON text; game: MessagePack binary). Too many close the game socket.',
  },
  AUTH_REQUIRED: {
    realtime: 'error',
    message: 'Send {type: "auth", token} first',
    meaning: 'A realtime frame other than `auth` arrived before authentication succeeded.',
  },
  AUTH_TIMEOUT: {
    realtime: 'close',
    game: 'close',
    closeCode: 4004,
    message: 'No credential arrived in time',
    meaning: 'The first frame (`auth` on the realtime socket, `hello`/`resume` on the game socket) was late.',
  },
  UNAUTHENTICATED: {
    status: 401,
    realtime: 'close',
    closeCode: 4001,
    message: 'A valid credential is required',
    meaning: 'No credential, or one that is unknown, revoked or malformed.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    message: 'Unknown username or wrong password',
    meaning: 'Login refused; unknown user, wrong password, disabled and locked accounts all look alike.',
  },
  SESSION_EXPIRED: {
    status: 401,
    realtime: 'close',
    closeCode: 4002,
    message: 'The session has expired; log in again',
    meaning: 'The session reached its absolute or idle limit.',
  },
  SESSION_ENDED: {
    realtime: 'close',
    closeCode: 4003,
    message: 'The session has ended',
    meaning: 'The session behind an open socket was logged out, revoked or deauthenticated by an admin.',
  },
  WRONG_CREDENTIAL_KIND: {
    status: 401,
    realtime: 'close',
    closeCode: 4005,
    message: 'This endpoint does not accept this kind of credential',
    meaning: 'A session token where an API key belongs, or the other way round.',
  },
  WRONG_PASSWORD: {
    status: 403,
    message: 'The current password is wrong',
    meaning: 'Changing a password needs the current one.',
  },
  FORBIDDEN: {
    status: 403,
    realtime: 'both',
    closeCode: 4006,
    message: 'You are not allowed to do this',
    meaning: 'Authenticated, but RBAC (or the resource itself) does not allow it.',
  },
  BLOCKED: {
    status: 403,
    realtime: 'error',
    message: 'One of you has blocked the other',
    meaning: 'A direct message or channel between two users where one blocks the other.',
  },
  ESCALATION_REFUSED: {
    status: 403,
    message: 'You cannot grant permissions you do not hold',
    meaning: 'Creating or binding a role with rules the caller does not hold (without `bind`).',
  },
  TICKET_INVALID: {
    status: 422,
    message: 'The join ticket is not valid',
    meaning: 'A join ticket that does not verify.',
  },
  TICKET_EXPIRED: {
    status: 422,
    message: 'The join ticket has expired',
    meaning: 'A join ticket past its 30 s life.',
  },
  TICKET_REPLAYED: {
    status: 409,
    message: 'The join ticket has already been used',
    meaning: 'A join ticket is single use.',
  },
  TICKET_WRONG_SERVER: {
    status: 403,
    message: 'The join ticket was made for another server',
    meaning: 'A community server verified a ticket minted for another one.',
  },
  BOOTSTRAP_REFUSED: {
    status: 403,
    message: 'The bootstrap code is wrong or has been used',
    meaning: 'The one-time first-admin code is wrong, or an admin already exists.',
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
  USERNAME_TAKEN: {
    status: 409,
    message: 'That username is taken',
    meaning: 'Usernames are unique case-insensitively.',
  },
  CONFLICT: {
    status: 409,
    realtime: 'error',
    message: 'The request conflicts with the current state',
    meaning:
      'The object exists already, or its state does not allow this (e.g. authenticating a socket twice).',
  },
  MESSAGE_GONE: {
    status: 410,
    message: 'That message has been deleted',
    meaning: 'A retried chat post whose original was deleted meanwhile.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    realtime: 'close',
    game: 'close',
    closeCode: 1009,
    message: 'The request body is too large',
    meaning: 'A body over PARLOR_BODY_LIMIT_BYTES, or a socket frame over its size cap.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Send JSON (Content-Type: application/json)',
    meaning: 'Bodies are JSON.',
  },
  GAME_TYPE_UNKNOWN: {
    status: 400,
    message: 'There is no game of that type',
    meaning: 'See GET /v1/game-types.',
  },
  PASSCODE_INVALID: {
    status: 403,
    message: 'No game is open with that passcode',
    meaning: 'Wrong passcode, or its game is over; attempts are rate limited.',
  },
  GAME_STARTED: {
    status: 409,
    game: 'both',
    closeCode: 4021,
    message: 'The game has already started; no one can join now',
    meaning: 'Joining or configuring after the start.',
  },
  GAME_FULL: {
    status: 409,
    game: 'close',
    closeCode: 4020,
    message: 'The game is full',
    meaning: 'Every seat of the game is taken.',
  },
  GAME_NOT_READY: {
    status: 409,
    message: 'The game server is still starting; try again in a moment',
    meaning: 'A connect token was asked for before the game server said it was ready.',
  },
  GAME_LIMIT_REACHED: {
    status: 409,
    message: 'You host as many games as allowed; end one first',
    meaning: 'PARLOR_MAX_GAMES_PER_USER reached.',
  },
  GAME_OVER: { status: 410, message: 'The game is over', meaning: 'The game finished, failed or was ended.' },
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
  POLICY_VIOLATION: {
    realtime: 'close',
    closeCode: 1008,
    message: 'This connection broke the rules too often',
    meaning: 'Too many refused realtime frames, or a reader too slow to keep up.',
  },
  TOKEN_INVALID: {
    game: 'close',
    closeCode: 4010,
    message: 'The connect token is not valid for this game',
    meaning: 'The `hello` token does not open with this game’s key.',
  },
  TOKEN_EXPIRED: {
    game: 'close',
    closeCode: 4011,
    message: 'The connect token has expired; ask the matchmaker for a new one',
    meaning: 'Connect tokens live PARLOR_CONNECT_TOKEN_TTL_SECONDS.',
  },
  TOKEN_REPLAYED: {
    game: 'close',
    closeCode: 4012,
    message: 'The connect token was already used',
    meaning: 'Connect tokens are single use.',
  },
  RESUME_INVALID: {
    game: 'close',
    closeCode: 4013,
    message: 'The resume token is unknown or the grace window has passed',
    meaning: 'Resuming too late, or with a token from another connection.',
  },
  NOT_HOST: {
    game: 'error',
    message: 'Only the host may do that',
    meaning: 'e.g. `configure` from a non-host.',
  },
  NOT_ENOUGH_PLAYERS: {
    game: 'error',
    message: 'Not enough players to start',
    meaning: 'Fewer players than the game type’s minimum.',
  },
  INVALID_DIFFICULTY: {
    game: 'error',
    message: 'This game has no such difficulty',
    meaning: 'See the game type’s `difficulties`.',
  },
  REPLACED: {
    game: 'close',
    closeCode: 4040,
    message: 'This player connected again from elsewhere',
    meaning: 'A newer connection took over this player’s seat.',
  },
  LEFT: { game: 'close', closeCode: 4041, message: 'You left the game', meaning: 'The answer to `leave`.' },
  START_FAILED: {
    game: 'close',
    closeCode: 4050,
    message: 'The platform did not confirm the start of the game',
    meaning: 'The control plane did not acknowledge the "in progress" report.',
  },
  SERVER_BUSY: {
    game: 'close',
    closeCode: 1013,
    message: 'The server has no room for another connection; try again later',
    meaning: 'A game server holds as many sockets as it allows.',
  },
  SERVER_STOPPING: {
    realtime: 'close',
    game: 'close',
    closeCode: 1001,
    message: 'The server is stopping',
    meaning: 'The node is shutting down, or the platform ended the game.',
  },
  INTERNAL: {
    status: 500,
    realtime: 'error',
    game: 'close',
    closeCode: 1011,
    message: 'Something went wrong on our side',
    meaning: 'A bug; the details are in the server log, never in the answer.',
  },
  NO_GAME_SLOT: {
    status: 503,
    message: 'Every game slot is taken; try again later',
    meaning: 'PARLOR_MAX_GAMES or PARLOR_MAX_PLAYERS reached across the platform.',
  },
  GAME_START_FAILED: {
    status: 503,
    message: 'The game server did not start; try again',
    meaning: 'The launcher could not start a game server, or it did not report ready in time.',
  },
  UNAVAILABLE: {
    status: 503,
    realtime: 'error',
    message: 'A dependency is unavailable; try again shortly',
    meaning: 'Storage or Redis does not answer; adds `retryAfterSeconds`.',
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof Errors;
export const errorCodes = Object.keys(Errors) as [ErrorCode, ...ErrorCode[]];

type CarriedBy<K extends 'status' | 'realtime' | 'game'> = {
  [C in ErrorCode]: (typeof Errors)[C] extends Record<K, unknown> ? C : never;
}[ErrorCode];

/** Codes an HTTP answer may carry. */
export type HttpErrorCode = CarriedBy<'status'>;
/** Codes the game socket carries, in `error` or `closing` frames. */
export type GameErrorCode = CarriedBy<'game'>;
export const GameErrorCode = Object.fromEntries(
  errorCodes.filter((c) => 'game' in Errors[c]).map((c) => [c, c]),
) as { readonly [C in GameErrorCode]: C };

/** The close code a socket closes with for this code (4000 when it has none of its own). */
export function closeCodeOf(code: ErrorCode): number {
  const entry: ErrorEntry = Errors[code];
  return entry.closeCode ?? 4000;
}

/** The catalogue code behind a WebSocket close code, when it is one of ours. */
export function errorFromCloseCode(closeCode: number): ErrorCode | undefined {
  return errorCodes.find((code) => (Errors[code] as ErrorEntry).closeCode === closeCode);
}

export function errorMessage(code: ErrorCode): string {
  return Errors[code].message;
}

export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    /** Field-level problems for VALIDATION_FAILED: path and what is wrong with it. */
    issues?: { path: string; message: string }[];
    retryAfterSeconds?: number;
  };
}
