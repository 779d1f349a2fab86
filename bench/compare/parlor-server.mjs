// Parlor's game server on the workload: the real runtime, one room of `clients` players plus a
// host whose socket lives here (it configures the game when the run starts).
import { decodeFrame, encodeFrame } from '@parlor/protocol';
import { WebSocket } from 'ws';
import { benchRoom } from '../support/bench-room.mjs';
import { entities, parlorLogic } from '../support/workloads.mjs';

export async function startParlor(hz, onTick, clients) {
  const logic = parlorLogic(entities, clients + 1, hz);
  const tick = logic.tick;
  logic.tick = (s) => (onTick(), tick(s));
  const { server, hello, url } = await benchRoom(logic, clients + 1);
  const host = new WebSocket(url);
  await new Promise((r) => host.once('open', r));
  const welcomed = new Promise((r) => host.on('message', (d) => decodeFrame(d).type === 'welcome' && r()));
  host.send(hello(0));
  await welcomed;
  return {
    url,
    firstFrames: Array.from({ length: clients }, (_, i) => Buffer.from(hello(i + 1)).toString('base64')),
    start: () => host.send(encodeFrame({ type: 'configure', difficulty: 'normal' })),
    stop: () => (host.terminate(), server.stop()),
  };
}
