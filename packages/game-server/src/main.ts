/**
 * Process entry of one game server. Secrets arrive over IPC (child process) or as one
 * `POST /secrets` on PARLOR_GS_SECRETS_HOST:PARLOR_GS_SECRETS_PORT (container); never
 * through argv or env. Exit 0 after a finished, stopped or forgotten game, 1 on failure.
 */
import type { GameServerSecrets } from '@parlor/protocol';
import { createJsonLogger, errorFields, type Logger } from './logger.js';
import { receiveSecretsOverHttp, receiveSecretsOverIpc } from './secrets-intake.js';
import { startGameFromSecrets } from './game-from-secrets.js';
import type { RunningGameServer } from './start-game-server.js';

const SECRETS_TIMEOUT_MS = 60_000;

async function receiveSecrets(log: Logger): Promise<GameServerSecrets> {
  if (process.send) return receiveSecretsOverIpc(process, SECRETS_TIMEOUT_MS);
  const port = Number(process.env.PARLOR_GS_SECRETS_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    throw new Error('no IPC channel and no valid PARLOR_GS_SECRETS_PORT: nowhere to receive secrets from');
  }
  const host = process.env.PARLOR_GS_SECRETS_HOST || '127.0.0.1';
  return receiveSecretsOverHttp({ host, port, timeoutMs: SECRETS_TIMEOUT_MS, log });
}

async function main(): Promise<number> {
  let log = createJsonLogger((line) => process.stderr.write(line), { service: 'game-server' });
  let server: RunningGameServer | null = null;
  const onSignal = (signal: string) => {
    if (!server) process.exit(0); // Nothing started yet: nobody to tell.
    log.info('signal received', { signal });
    void server.stop();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  const secrets = await receiveSecrets(log);
  log = createJsonLogger((line) => process.stderr.write(line), {
    service: 'game-server',
    gameId: secrets.gameId,
  });
  const game = await startGameFromSecrets(secrets, log);
  server = game.server;
  const exit = await game.ended;
  return exit.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'game server failed to start', ...errorFields(err) })}\n`,
    );
    process.exit(1);
  },
);
