/** WebSocket close codes the server uses (4000-4999 are the application's). */
export const CloseCodes = {
  GOING_AWAY: 1001,
  POLICY_VIOLATION: 1008,
  TOO_BIG: 1009,
  SESSION_ENDED: 4001,
  SESSION_EXPIRED: 4002,
  AUTH_FAILED: 4003,
  AUTH_TIMEOUT: 4008,
  HEARTBEAT_MISSED: 4009,
  /** The user or their address has as many sockets open as a node allows (docs/chat.md). */
  TOO_MANY_SOCKETS: 4029,
} as const;
