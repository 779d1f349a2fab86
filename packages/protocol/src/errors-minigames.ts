import type { ErrorEntry } from './errors.js';

/** Mini-games: registration and their servers' connections. Part of the one catalogue (errors.ts). */
export const minigameErrors = {
  MINIGAME_OFFLINE: {
    status: 503,
    message: 'No server of this mini-game is connected now; try again later',
    meaning: "A game of a studio's mini-game was asked for while none of its servers is connected.",
  },
} as const satisfies Record<string, ErrorEntry>;
