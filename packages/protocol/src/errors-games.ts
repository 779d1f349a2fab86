import type { ErrorEntry } from './errors.js';

/** The matchmaker and the game socket. Part of the one catalogue (errors.ts). */
export const gameErrors = {
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
  INVALID_OPTION: {
    game: 'error',
    message: 'This game has no such option, or not that choice',
    meaning:
      '`configure` named an option the game type does not have, or a value not among its choices (see the game type’s `options`).',
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
} as const satisfies Record<string, ErrorEntry>;
