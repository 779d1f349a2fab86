/**
 * Process entry of a pooled game server (PARLOR_GAME_POOL_ROOMS): several built-in games in
 * one process, each from its own secrets message over the IPC channel (serve-pool.ts).
 */
import { servePooledRooms } from './serve-pool.js';

servePooledRooms();
