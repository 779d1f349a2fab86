import type { GameLogic } from '@parlor/protocol';
import { createJsonLogger } from './logger.js';
import { RoomPool } from './room-pool.js';

/**
 * Runs this process as a pooled game server: rooms arrive as secrets messages over the IPC
 * channel, which stays open for the next room and for stop commands; exits 0 once retired
 * and empty. docs/matchmaker.md says what isolation this gives up. `findLogic` lets a test
 * entry serve its own variant of a built-in game.
 */
export function servePooledRooms(findLogic?: (gameType: string) => GameLogic | undefined): void {
  const write = (line: string) => process.stderr.write(line);
  const log = createJsonLogger(write, { service: 'game-server', pooled: true });
  if (!process.send) throw new Error('a pooled game server needs an IPC channel');
  const pool = new RoomPool({
    send: (message) => {
      if (process.connected) process.send!(message);
    },
    logFor: (gameId) => createJsonLogger(write, { service: 'game-server', pooled: true, gameId }),
    log,
    onEmpty: () => process.exit(0),
    ...(findLogic ? { findLogic } : {}),
  });
  process.on('message', (message) => pool.receive(message));
  // Without the launcher no room can be added or stopped by it: finish the ones here, then go.
  process.once('disconnect', () => pool.retire());
  const onSignal = (signal: string) => {
    log.info('signal received', { signal, rooms: pool.size });
    pool.stopAll();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}
