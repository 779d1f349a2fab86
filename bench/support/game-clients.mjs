// A bench helper run as a child process: opens N game sockets, sends each its first frame,
// times until every one has its first answer (the welcome), then counts frames and bytes.
import { WebSocket } from 'ws';

process.once('message', async ({ url, firstFrames, count, timeoutMs = 60_000 }) => {
  let received = 0;
  let bytes = 0;
  let errors = 0;
  const sockets = [];
  const t0 = performance.now();
  const joined = await Promise.race([
    Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise((resolve) => {
            const ws = new WebSocket(url);
            ws.binaryType = 'nodebuffer';
            let welcomed = false;
            ws.once('open', () => ws.send(Buffer.from(firstFrames[i], 'base64')));
            const fail = () => {
              if (welcomed) return;
              welcomed = true;
              errors += 1;
              resolve();
            };
            ws.once('error', fail);
            ws.once('close', fail);
            ws.on('message', (data) => {
              if (!welcomed) {
                welcomed = true;
                return resolve();
              }
              received += 1;
              bytes += data.length;
            });
            sockets.push(ws);
          }),
      ),
    ).then(() => true),
    new Promise((r) => setTimeout(() => r(false), timeoutMs)),
  ]);
  process.send({ type: 'joined', ms: performance.now() - t0, all: joined, errors });
  process.on('message', (msg) => {
    if (msg.type === 'count') process.send({ type: 'count', received, bytes, errors });
    if (msg.type === 'stop') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
});
