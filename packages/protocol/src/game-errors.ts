/**
 * Why a game server refused or dropped something. Stable codes: the SDK and the web
 * client switch on them. HTTP error codes live elsewhere (`errors.ts`); these travel
 * over the game socket in `error` (recoverable) and `bye` (the socket closes) frames,
 * and as WebSocket close codes for clients that only see the close event.
 */
export const GameErrorCode = {
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_REPLAYED: 'TOKEN_REPLAYED',
  RESUME_INVALID: 'RESUME_INVALID',
  HELLO_TIMEOUT: 'HELLO_TIMEOUT',
  GAME_FULL: 'GAME_FULL',
  GAME_STARTED: 'GAME_STARTED',
  NOT_HOST: 'NOT_HOST',
  NOT_ENOUGH_PLAYERS: 'NOT_ENOUGH_PLAYERS',
  INVALID_DIFFICULTY: 'INVALID_DIFFICULTY',
  INVALID_OPTION: 'INVALID_OPTION',
  BAD_MESSAGE: 'BAD_MESSAGE',
  RATE_LIMITED: 'RATE_LIMITED',
  REPLACED: 'REPLACED',
  LEFT: 'LEFT',
  START_FAILED: 'START_FAILED',
  SERVER_STOPPING: 'SERVER_STOPPING',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

export type GameErrorCode = (typeof GameErrorCode)[keyof typeof GameErrorCode];

export const gameErrorCodes = Object.values(GameErrorCode) as [GameErrorCode, ...GameErrorCode[]];

/** Default human words for each code; servers may send more specific ones. */
export const gameErrorMessages: Readonly<Record<GameErrorCode, string>> = {
  TOKEN_INVALID: 'the connect token is not valid for this game',
  TOKEN_EXPIRED: 'the connect token has expired; ask the matchmaker for a new one',
  TOKEN_REPLAYED: 'the connect token was already used',
  RESUME_INVALID: 'the resume token is unknown or the grace window has passed',
  HELLO_TIMEOUT: 'no hello arrived in time',
  GAME_FULL: 'the game is full',
  GAME_STARTED: 'the game has already started',
  NOT_HOST: 'only the host may do that',
  NOT_ENOUGH_PLAYERS: 'not enough players to start',
  INVALID_DIFFICULTY: 'this game has no such difficulty',
  INVALID_OPTION: 'this game has no such option, or not that choice',
  BAD_MESSAGE: 'the message was not understood',
  RATE_LIMITED: 'too many messages',
  REPLACED: 'this player connected again from elsewhere',
  LEFT: 'you left the game',
  START_FAILED: 'the platform did not confirm the start of the game',
  SERVER_STOPPING: 'the game server is stopping',
  INTERNAL_ERROR: 'the game server failed',
};

/**
 * WebSocket close codes (private range 4000-4999) so that a client that never saw the
 * `bye` frame (e.g. refused before authenticating) still learns the reason.
 */
export const gameCloseCodes: Readonly<Record<GameErrorCode, number>> = {
  TOKEN_INVALID: 4001,
  TOKEN_EXPIRED: 4002,
  TOKEN_REPLAYED: 4003,
  RESUME_INVALID: 4004,
  HELLO_TIMEOUT: 4005,
  GAME_FULL: 4010,
  GAME_STARTED: 4011,
  NOT_HOST: 4012,
  NOT_ENOUGH_PLAYERS: 4013,
  INVALID_DIFFICULTY: 4014,
  INVALID_OPTION: 4015,
  BAD_MESSAGE: 4020,
  RATE_LIMITED: 4021,
  REPLACED: 4030,
  LEFT: 4031,
  START_FAILED: 4040,
  SERVER_STOPPING: 4041,
  INTERNAL_ERROR: 4050,
};

export function gameErrorFromCloseCode(closeCode: number): GameErrorCode | undefined {
  return gameErrorCodes.find((code) => gameCloseCodes[code] === closeCode);
}
