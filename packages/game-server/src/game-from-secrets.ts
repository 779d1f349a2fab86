import { findBuiltInGame } from '@parlor/games';
import type { GameLogic, GameServerSecrets } from '@parlor/protocol';
import { systemClock } from './clock.js';
import { decodeConnectKey } from './connect-token.js';
import { createHttpControlReporter } from './control-reporter.js';
import type { Logger } from './logger.js';
import { remoteLogic } from './remote-game.js';
import { startGameServer, type GameServerExit, type RunningGameServer } from './start-game-server.js';

export interface GameFromSecrets {
  server: RunningGameServer;
  /** Resolves once the game is over and its mini-game link (if any) is closed. */
  ended: Promise<GameServerExit>;
}

/**
 * One game, built from its own secrets only: its connect-token key, its reporting token and
 * the room's own verifier, resume tokens and revocation watch (startGameServer). Shared by
 * the one-game process (main.ts) and the pooled one (pool-main.ts).
 */
export async function startGameFromSecrets(
  secrets: GameServerSecrets,
  log: Logger,
  findLogic: (gameType: string) => GameLogic | undefined = findBuiltInGame,
): Promise<GameFromSecrets> {
  const connectKey = decodeConnectKey(secrets.connectKey);
  let server: RunningGameServer | null = null;
  const remote = secrets.minigame && remoteLogic(secrets, connectKey, log, () => server);
  const logic = remote?.logic ?? findLogic(secrets.gameType);
  if (!logic) throw new Error(`unknown game type ${secrets.gameType}`);
  const reporter = createHttpControlReporter({
    controlUrl: secrets.controlUrl,
    gameId: secrets.gameId,
    reportingToken: secrets.reportingToken,
    clock: systemClock,
    log,
  });
  server = await startGameServer({
    config: {
      gameId: secrets.gameId,
      connectKey,
      maxPlayers: secrets.maxPlayers,
      host: secrets.host,
      port: secrets.port,
      heartbeatIntervalMs: secrets.heartbeatIntervalMs,
    },
    logic,
    reporter,
    clock: systemClock,
    log,
    ...(remote ? { attachMinigame: (ws, first) => remote.link.accept(ws, first) } : {}),
  });
  const ended = server.exited.then((exit) => {
    remote?.link.close('The game is over');
    return exit;
  });
  return { server, ended };
}
