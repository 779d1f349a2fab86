// A bench helper run as a child process: opens N game sockets, sends each its first frame,
// times until every one has its first answer (the welcome), then counts frames and bytes.
// Optional, for servers with other handshakes (bench:compare): a URL per socket, an answer to
// the welcome, and the arrival times (wall clock, ms) of frames on the first `sampled` sockets
// so a server's tick times can be matched to them for delivery latency. For many rooms: a
// source address per socket (any of 127.0.0.0/8), sockets to open and welcome before the rest
// (`firstWave`: a room's host is its first player in), the intervals between consecutive
// frames on `timedSockets`, and `send` (frames to send on given sockets, e.g. start a game).
import { WebSocket } from 'ws';

process.once('message', async (options) => {
  const { url, urls, firstFrames, replyToWelcome, sampled = 0, count, timeoutMs = 60_000 } = options;
  const { localAddresses, firstWave = [], timedSockets = [] } = options;
  let received = 0;
  let arrivals = [];
  let intervals = [];
  const lastArrival = new Map(timedSockets.map((i) => [i, undefined]));
  const wallNow = () => performance.timeOrigin + performance.now();
  let bytes = 0;
  let errors = 0;
  const sockets = new Array(count);
  const open = (i) =>
    new Promise((resolve) => {
      const ws = new WebSocket(
        urls?.[i] ?? url,
        localAddresses ? { localAddress: localAddresses[i] } : undefined,
      );
      ws.binaryType = 'nodebuffer';
      let welcomed = false;
      ws.once('open', () => firstFrames && ws.send(Buffer.from(firstFrames[i], 'base64')));
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
          if (replyToWelcome) ws.send(Buffer.from(replyToWelcome, 'base64'));
          return resolve();
        }
        received += 1;
        bytes += data.length;
        if (i < sampled) arrivals.push(wallNow());
        if (lastArrival.has(i)) {
          const now = performance.now();
          const last = lastArrival.get(i);
          if (last !== undefined) intervals.push(now - last);
          lastArrival.set(i, now);
        }
      });
      sockets[i] = ws;
    });
  const inFirstWave = new Set(firstWave);
  const t0 = performance.now();
  const joined = await Promise.race([
    Promise.all(firstWave.map(open))
      .then(() => Promise.all(Array.from({ length: count }, (_, i) => (inFirstWave.has(i) ? null : open(i)))))
      .then(() => true),
    new Promise((r) => setTimeout(() => r(false), timeoutMs)),
  ]);
  process.send({ type: 'joined', ms: performance.now() - t0, all: joined, errors });
  process.on('message', (msg) => {
    if (msg.type === 'count') {
      process.send({ type: 'count', received, bytes, errors, arrivals, intervals });
      arrivals = [];
      intervals = [];
    }
    if (msg.type === 'send') {
      for (const [i, frame] of msg.frames) sockets[i]?.send(Buffer.from(frame, 'base64'));
      process.send({ type: 'send' });
    }
    if (msg.type === 'stop') {
      for (const ws of sockets) ws?.terminate();
      process.exit(0);
    }
  });
});
