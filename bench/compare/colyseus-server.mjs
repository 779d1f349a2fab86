// Colyseus 0.18 on the same workload: one room whose @colyseus/schema state holds 10 entities,
// mutated before every patch (patch rate = the tick rate), seats reserved ahead of the joins
// like Parlor's connect tokens are sealed ahead of them. `startColyseusRooms`: many such rooms
// in the one process, as Colyseus runs them.
import { Room, Server, matchMaker } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { schema, t } from '@colyseus/schema';
import { createSeededRng } from '@parlor/games';
import { entities } from '../support/workloads.mjs';

const Entity = schema({ x: t.number(), y: t.number() });
const State = schema({ entities: t.array(Entity) });

export const startColyseus = (hz, onTick, clients) =>
  startColyseusRooms({ hz, onTick, rooms: 1, seatsPerRoom: clients });

export async function startColyseusRooms({ hz, onTick, rooms, seatsPerRoom }) {
  const control = { started: false };
  class BenchRoom extends Room {
    onCreate() {
      this.seatReservationTimeout = 600;
      this.autoDispose = false;
      this.setPatchRate(1000 / hz);
      this.rng = createSeededRng(1);
      this.plain = entities.init(this.rng);
      this.state = new State();
      for (const e of this.plain.entities) this.state.entities.push(new Entity().assign(e));
    }
    onBeforePatch() {
      if (!control.started) return;
      onTick();
      entities.tick(this.plain, this.rng);
      this.plain.entities.forEach((e, i) => this.state.entities[i].assign(e));
    }
  }
  const server = new Server({
    transport: new WebSocketTransport({ perMessageDeflate: false }),
    greet: false,
  });
  server.define('bench', BenchRoom);
  await server.listen(0, '127.0.0.1');
  const port = server.transport.server.address().port;
  const urls = [];
  for (let r = 0; r < rooms; r++) {
    const room = await matchMaker.createRoom('bench', {});
    for (let i = 0; i < seatsPerRoom; i++) {
      const seat = await matchMaker.reserveSeatFor(room, {});
      urls.push(`ws://127.0.0.1:${port}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`);
    }
  }
  return {
    urls,
    // The client's confirmation of the JOIN_ROOM message (Protocol.JOIN_ROOM = 10).
    replyToWelcome: Buffer.from([10]).toString('base64'),
    pids: [process.pid],
    start: () => void (control.started = true),
    stop: () => server.gracefullyShutdown(false),
  };
}
