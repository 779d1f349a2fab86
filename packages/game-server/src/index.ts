export { startGameServer } from './start-game-server.js';
export type {
  GameServerConfig,
  GameServerDeps,
  GameServerExit,
  RunningGameServer,
} from './start-game-server.js';
export { createHttpControlReporter } from './control-reporter.js';
export type { ControlReporter, HeartbeatOutcome, HttpReporterOptions } from './control-reporter.js';
export {
  CONNECT_TOKEN_DEFAULT_TTL_MS,
  CONNECT_TOKEN_VERSION,
  decodeConnectKey,
  openConnectToken,
  sealConnectToken,
} from './connect-token.js';
export type { ConnectTokenClaims, ConnectTokenPayload, OpenConnectTokenResult } from './connect-token.js';
export { createConnectTokenVerifier } from './token-verifier.js';
export { receiveSecretsOverHttp, receiveSecretsOverIpc } from './secrets-intake.js';
export { systemClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { createJsonLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { GameRoom } from './room.js';
export type { RoomOutcome } from './room.js';
export { defaultTransportLimits } from './transport-limits.js';
export type { TransportLimits } from './transport-limits.js';
export { servePooledRooms } from './serve-pool.js';
export { startGameFromSecrets } from './game-from-secrets.js';
export type { GameFromSecrets } from './game-from-secrets.js';
