import { requestErrors } from './errors-requests.js';
import { identityErrors } from './errors-identity.js';
import { socketErrors } from './errors-sockets.js';
import { gameErrors } from './errors-games.js';
import { minigameErrors } from './errors-minigames.js';

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
  /** Codes only the mini-game control socket (`GET /v1/minigames/connect`) carries. */
  readonly minigame?: SocketCarriage;
  readonly closeCode?: number;
}

/**
 * The catalogue, one part per area; a feature with codes of its own adds a part and one line here.
 * A code is defined in exactly one part (the protocol tests check).
 */
export const Errors = {
  ...requestErrors,
  ...identityErrors,
  ...socketErrors,
  ...gameErrors,
  ...minigameErrors,
} as const;
export const errorCatalogueParts = [
  requestErrors,
  identityErrors,
  socketErrors,
  gameErrors,
  minigameErrors,
] as const;

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
