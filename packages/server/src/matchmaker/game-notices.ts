import type { Bus } from '../bus/index.js';
import type { Logger } from '../platform/logger.js';
import type { EndStatus } from './games-store.js';

/** Tells a game's players that it is over, wherever they are connected. */
export interface GameNotices {
  gameEnded(event: { gameId: string; status: EndStatus; reason: string; userIds: readonly string[] }): void;
}

/** The notice on a user's bus topic; the realtime socket turns it into a `game` frame. */
export interface GameEndedNotice {
  type: 'game_ended';
  userId: string;
  gameId: string;
  status: EndStatus;
  reason: string;
}

/** Publishes one notice per player on `user:<id>`, so every node's sockets of that player hear it. */
export function busGameNotices(bus: Bus, logger: Logger): GameNotices {
  return {
    gameEnded: ({ gameId, status, reason, userIds }) => {
      for (const userId of userIds) {
        const notice: GameEndedNotice = { type: 'game_ended', userId, gameId, status, reason };
        bus
          .publish(`user:${userId}`, notice)
          .catch((err) => logger.warn({ err, gameId }, 'could not tell a player the game ended'));
      }
    },
  };
}
