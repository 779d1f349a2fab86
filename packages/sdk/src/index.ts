export { GameClient } from './game-client.js';
export type { ClosedEvent, GameClientEvents, GameClientOptions } from './game-client.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
export { ParlorClient, type ParlorClientOptions } from './parlor-client.js';
export { ParlorError, isParlorError, type ParlorErrorInit } from './parlor-error.js';
export { RealtimeClient } from './realtime-client.js';
export type { RealtimeClientOptions, RealtimeEvents, SignedOutEvent } from './realtime-client.js';
export type { FetchLike } from './rest/http-transport.js';
export type { CreateGameOptions } from './rest/games-api.js';
export type { PostOptions } from './rest/chat-api.js';
export type { AuditFilter } from './rest/admin-api.js';
export type { StatsRange } from './rest/stats-api.js';
export type * from './rest/studios-api.js';
export type {
  AdminUserList,
  StatsBucket,
  StatsGames,
  StatsMetric,
  StatsOverview,
  StatsRetention,
  StatsSeries,
  UserStats,
} from '@parlor/protocol';
export type * from './rest/types.js';
export type { GameResults, GameTypeMeta, PlayerResult, RoomPlayer, RoomState } from '@parlor/protocol';
