// A bench helper run as a child process, so that client work does not count against the
// server's CPU: opens N sockets, optionally sends a first frame on each, counts frames.
import { WebSocket } from 'ws';

process.once('message', async ({ url, firstFrames, count }) => {
  let received = 0;
  let bytes = 0;
  const sockets = [];
  await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.binaryType = 'nodebuffer';
          ws.once('open', () => {
            if (firstFrames) ws.send(Buffer.from(firstFrames[i], 'base64'));
            resolve();
          });
          ws.once('error', reject);
          ws.on('message', (data) => {
            received += 1;
            bytes += data.length;
          });
          sockets.push(ws);
        }),
    ),
  );
  process.send({ type: 'connected' });
  process.on('message', (msg) => {
    if (msg.type === 'count') process.send({ type: 'count', received, bytes });
    if (msg.type === 'stop') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
});
