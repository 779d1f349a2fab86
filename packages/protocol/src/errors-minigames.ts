import type { ErrorEntry } from './errors.js';

/** Mini-games: registration and their servers' connections. Part of the one catalogue (errors.ts). */
export const minigameErrors = {
  MINIGAME_OFFLINE: {
    status: 503,
    message: 'No server of this mini-game is connected now; try again later',
    meaning: "A game of a studio's mini-game was asked for while none of its servers is connected.",
  },
  MINIGAME_PROTOCOL_UNSUPPORTED: {
    minigame: 'close',
    closeCode: 4060,
    message: 'This Parlor does not speak that version of the mini-game protocol',
    meaning:
      "The mini-game's `hello` named a protocolVersion this Parlor does not support (docs/minigame-protocol.md).",
  },
  MINIGAME_KEY_REFUSED: {
    minigame: 'close',
    closeCode: 4061,
    message: 'This key may not connect a mini-game server',
    meaning:
      'The `hello` key is unknown, revoked, rotated or expired, or is not a minigame key of a registered mini-game.',
  },
  MINIGAME_FAILED: {
    game: 'close',
    closeCode: 4062,
    message: 'The mini-game running this game stopped working, so the game has ended',
    meaning:
      'The mini-game server of this game disconnected, did not attach in time, or broke the protocol (malformed, oversized or flooding frames, state past the cap, results for players not in the game).',
  },
  MINIGAME_FRONTEND_INVALID: {
    status: 400,
    message: 'The front end is not one self-contained HTML document',
    meaning:
      'An uploaded front end was empty, not UTF-8, held NUL characters, or did not start with `<!doctype html>` (docs/minigame-frontend.md).',
  },
} as const satisfies Record<string, ErrorEntry>;
