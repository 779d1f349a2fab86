// The two baselines: plain `ws` sending each tick's state as a ~110 B JSON frame (framed by `ws`
// once per socket), and the floor: the same bytes framed once per tick and handed to every
// socket with `socket.write`, the least work a WebSocket broadcast can do.
import { WebSocketServer } from 'ws';
import { createSeededRng } from '@parlor/games';
import { entities } from '../support/workloads.mjs';

const WELCOME = JSON.stringify({ type: 'welcome' });

/** Starts a `ws` server that broadcasts the workload; `send(clients, payload)` is the way. */
async function broadcaster(hz, onTick, send) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => ws.send(WELCOME));
  const rng = createSeededRng(1);
  const state = entities.init(rng);
  let timer;
  return {
    url: `ws://127.0.0.1:${wss.address().port}`,
    start() {
      timer = setInterval(() => {
        onTick();
        entities.tick(state, rng);
        send(wss.clients, Buffer.from(JSON.stringify(state.entities.map((e) => [e.x, e.y]))));
      }, 1000 / hz);
    },
    stop: () => (clearInterval(timer), new Promise((r) => wss.close(r))),
  };
}

export const startPlainWs = (hz, onTick) =>
  broadcaster(hz, onTick, (clients, payload) => {
    for (const ws of clients) ws.send(payload.toString());
  });

/** RFC 6455 header of an unmasked final text frame (payloads here are under 64 KiB). */
const textFrameHeader = (length) =>
  length < 126 ? Buffer.from([0x81, length]) : Buffer.from([0x81, 126, length >> 8, length & 0xff]);

export const startFloor = (hz, onTick) =>
  broadcaster(hz, onTick, (clients, payload) => {
    const frame = Buffer.concat([textFrameHeader(payload.length), payload]);
    for (const ws of clients) ws._socket.write(frame);
  });
