export { GameClient } from './game-client.js';
export type { ClosedEvent, GameClientEvents, GameClientOptions } from './game-client.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
