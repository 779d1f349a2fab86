import { GameErrorCode, type GameServerSecrets } from '@parlor/protocol';
import { systemClock, type Clock } from './clock.js';
import type { Logger } from './logger.js';
import { MinigameLink } from './minigame-link.js';
import { RemoteGameLogic } from './remote-logic.js';
import type { RunningGameServer } from './start-game-server.js';

/**
 * A studio's mini-game: the rules behind a link its server attaches through. When the mini-game
 * fails, the game server stops and tells every player why in the link's plain words.
 */
export function remoteLogic(
  secrets: GameServerSecrets,
  connectKey: Uint8Array,
  log: Logger,
  server: () => RunningGameServer | null,
  clock: Clock = systemClock,
): { logic: RemoteGameLogic; link: MinigameLink } | undefined {
  const minigame = secrets.minigame;
  if (!minigame) return undefined;
  let logic: RemoteGameLogic | undefined;
  const link = new MinigameLink({
    gameId: secrets.gameId,
    minigameId: minigame.id,
    connectKey,
    clock,
    log,
    ...(minigame.stallMs ? { stallWithinMs: minigame.stallMs } : {}),
    reconnectGraceMs: minigame.reconnectGraceMs ?? 0,
    players: () => logic?.playersNow() ?? null,
    onFailure: (message) =>
      void server()?.fail({ code: GameErrorCode.MINIGAME_FAILED, message: `${message}; the game has ended` }),
  });
  logic = new RemoteGameLogic(minigame.meta, link);
  return { logic, link };
}
