// The process entry of a pooled Parlor game server playing the compare workload: the real
// pooled runtime (servePooledRooms, as @parlor/game-server/pool-main) with a logic of its own
// for each room, so no two rooms share a random source.
import { servePooledRooms } from '@parlor/game-server';
import { entities, parlorLogic } from '../support/workloads.mjs';

const PLAYERS_PER_ROOM = 8;

servePooledRooms(() => parlorLogic(entities, PLAYERS_PER_ROOM, 20));
