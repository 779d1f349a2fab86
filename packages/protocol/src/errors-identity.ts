import type { ErrorEntry } from './errors.js';

/** Credentials, sessions, RBAC, join tickets, the first admin, and chat's blocks. Part of the one catalogue (errors.ts). */
export const identityErrors = {
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
    game: 'close',
    closeCode: 4003,
    message: 'The session has ended',
    meaning:
      'The session behind an open socket was logged out, revoked or deauthenticated by an admin; on the game socket, every session of the player ended (deauthenticated, disabled, password changed, logged out everywhere) and their seat with it.',
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
  USERNAME_TAKEN: {
    status: 409,
    message: 'That username is taken',
    meaning: 'Usernames are unique case-insensitively.',
  },
  MESSAGE_GONE: {
    status: 410,
    message: 'That message has been deleted',
    meaning: 'A retried chat post whose original was deleted meanwhile.',
  },
  PLAN_LIMIT_REACHED: {
    status: 403,
    message: "The studio's plan has no room for this player; the studio must upgrade its plan",
    meaning:
      "A studio's game, or a usage report, for a player beyond the active players its plan allows (docs/studios.md).",
  },
} as const satisfies Record<string, ErrorEntry>;
