import { closeCodeOf, type ErrorCode } from '@parlor/protocol';
import { isParlorError } from '@parlor/sdk';

/**
 * The one place where error codes from the catalogue (docs/errors.md) become words for people.
 * Codes not listed fall back to the server's own message, which is written for people too.
 */
// Typed by the catalogue, so a word for a code that does not exist fails to compile.
const WORDS: Partial<Record<ErrorCode | 'NETWORK_ERROR', string>> = {
  INVALID_CREDENTIALS: 'That username and password do not match.',
  USERNAME_TAKEN: 'Someone already has that username. Try another.',
  RATE_LIMITED: 'Too many tries. Wait a moment, then try again.',
  BOOTSTRAP_REFUSED: 'That setup code is wrong or has already been used.',
  SESSION_EXPIRED: 'Your session expired. Sign in again.',
  UNAUTHENTICATED: 'You are signed out. Sign in again.',
  WRONG_PASSWORD: 'Your current password is not right.',
  PASSCODE_INVALID: 'No game is open with that code. Check it and try again.',
  GAME_STARTED: 'That game has already started, so no one can join now.',
  GAME_FULL: 'That game is full.',
  GAME_OVER: 'That game is over.',
  GAME_NOT_READY: 'The game is still starting. Try again in a moment.',
  GAME_LIMIT_REACHED: 'You are hosting as many games as allowed. End one first.',
  NO_GAME_SLOT: 'Every game slot is taken right now. Try again in a little while.',
  GAME_START_FAILED: 'The game did not start. Try again.',
  BLOCKED: 'One of you has blocked the other, so messages cannot be sent.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'That does not exist (any more).',
  MESSAGE_GONE: 'That message has been deleted.',
  UNAVAILABLE: 'Parlor is having trouble right now. Try again shortly.',
  INTERNAL: 'Something went wrong on our side. Try again.',
  NETWORK_ERROR: 'Parlor cannot be reached. Check your connection.',
};

export function plainWords(err: unknown): string {
  if (isParlorError(err)) {
    if (err.code === 'VALIDATION_FAILED' && err.issues?.length)
      return err.issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ');
    return WORDS[err.code as ErrorCode] ?? err.message;
  }
  if (err instanceof Error) return WORDS[(err as { code?: string }).code as ErrorCode] ?? err.message;
  return 'Something went wrong.';
}

/** Why the realtime socket ended a session (its close reason), in words. */
const SIGNED_OUT: Record<string, string> = {
  deauthenticated: 'You were signed out by an administrator.',
  disabled: 'An administrator disabled your account.',
  revoked: 'This session was ended from another device.',
  password_changed: 'Your password was changed, so this session ended. Sign in with the new one.',
  logout: 'You signed out.',
  'session expired': 'Your session expired. Sign in again.',
};

export function signedOutWords(closeCode: number, reason: string): string {
  if (closeCode === closeCodeOf('SESSION_EXPIRED')) return SIGNED_OUT['session expired']!;
  return SIGNED_OUT[reason] ?? 'Your session ended. Sign in again.';
}

/** Game-socket refusals (GameErrorCode) in words. */
const GAME_WORDS: Partial<Record<ErrorCode, string>> = {
  GAME_FULL: 'The game is full.',
  GAME_STARTED: 'The game has already started.',
  NOT_HOST: 'Only the host can do that.',
  TOKEN_EXPIRED: 'The link to the game expired; reconnecting…',
  SESSION_ENDED: 'Your sessions were ended, so you left the game. Sign in again to come back.',
  GAME_OVER: 'The game is over.',
};

export function gameWords(code: string | undefined, message?: string): string {
  return (code && GAME_WORDS[code as ErrorCode]) ?? message ?? 'The connection to the game closed.';
}
