// A bench helper run as a child process (its CPU is not the server's): one session opens
// `sockets` realtime sockets, `concurrency` at a time, and each sends `auth` and then `frames`
// frames at once. One pass, then it reports what the server did with them and exits.
import { WebSocket } from 'ws';

const FRAMES = [
  { type: 'subscribe', channel: 'lobby' },
  { type: 'ping' },
  { type: 'unsubscribe', channel: 'lobby' },
  { type: 'nonsense' },
];

process.once('message', async ({ url, token, sockets, frames, concurrency }) => {
  const outcome = { opened: 0, upgradeRefused: 0, ready: 0, closeCodes: {}, framesSent: 0, replies: 0 };
  const open = [];
  const one = () =>
    new Promise((resolve) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/realtime`);
      let settled = false;
      const done = () => {
        if (!settled) ((settled = true), resolve());
      };
      ws.on('unexpected-response', (_req, res) => {
        outcome.upgradeRefused++;
        res.resume();
        done();
      });
      ws.on('error', done);
      ws.on('open', () => {
        outcome.opened++;
        open.push(ws);
        ws.send(JSON.stringify({ type: 'auth', token }));
        for (let i = 0; i < frames; i++)
          ws.send(JSON.stringify({ ...FRAMES[i % FRAMES.length], ref: `f${i}` }));
        outcome.framesSent += frames;
        // Give the server a moment with this socket's frames, then move on (it stays open).
        setTimeout(done, 20);
      });
      ws.on('message', (data) => {
        outcome.replies++;
        if (data.toString().includes('"type":"ready"')) outcome.ready++;
      });
      ws.on('close', (code) => {
        outcome.closeCodes[code] = (outcome.closeCodes[code] ?? 0) + 1;
        done();
      });
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sockets) {
        next++;
        await one();
      }
    }),
  );
  // Let the last frames be answered, then report and close everything.
  await new Promise((r) => setTimeout(r, 1000));
  process.send({ type: 'done', outcome });
  for (const ws of open) ws.terminate();
  setTimeout(() => process.exit(0), 100);
});
