// The process entry of one Parlor game server playing the compare workload (10 entities, x and
// y change every tick, 20 Hz): @parlor/game-server/main with the workload as its game. Same
// secrets over IPC, the same logger and the same start-up (startGameFromSecrets).
import { createJsonLogger, receiveSecretsOverIpc, startGameFromSecrets } from '@parlor/game-server';
import { entities, parlorLogic } from '../support/workloads.mjs';

const secrets = await receiveSecretsOverIpc(process, 60_000);
const log = createJsonLogger((line) => process.stderr.write(line), {
  service: 'game-server',
  gameId: secrets.gameId,
});
const game = await startGameFromSecrets(secrets, log, () => parlorLogic(entities, secrets.maxPlayers, 20));
process.once('SIGTERM', () => void game.server.stop());
process.exit((await game.ended).exitCode);
