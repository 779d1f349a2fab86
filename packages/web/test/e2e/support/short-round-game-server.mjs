// The real game-server runtime running the real Gem Rush with a 30-second round, so that a
// browser test sees a whole game: long enough to chat and reload mid-game, short enough to wait
// for. Otherwise as @parlor/game-server/main: secrets over IPC.
import { gemRush } from '@parlor/games';
import {
  createHttpControlReporter,
  createJsonLogger,
  decodeConnectKey,
  startGameServer,
  systemClock,
} from '@parlor/game-server';

const quickGemRush = {
  ...gemRush,
  init(options) {
    const state = gemRush.init(options);
    state.durationMs = 30_000;
    return state;
  },
};

const secrets = await new Promise((resolve) =>
  process.once('message', (message) => {
    setImmediate(() => process.disconnect());
    resolve(message);
  }),
);
const log = createJsonLogger((line) => process.stderr.write(line), {
  service: 'game-server',
  gameId: secrets.gameId,
});
const server = await startGameServer({
  config: {
    gameId: secrets.gameId,
    connectKey: decodeConnectKey(secrets.connectKey),
    maxPlayers: secrets.maxPlayers,
    host: secrets.host,
    port: secrets.port,
    heartbeatIntervalMs: secrets.heartbeatIntervalMs,
  },
  logic: quickGemRush,
  reporter: createHttpControlReporter({
    controlUrl: secrets.controlUrl,
    gameId: secrets.gameId,
    reportingToken: secrets.reportingToken,
    clock: systemClock,
    log,
  }),
  clock: systemClock,
  log,
});
process.once('SIGTERM', () => void server.stop());
process.exit((await server.exited).exitCode);
