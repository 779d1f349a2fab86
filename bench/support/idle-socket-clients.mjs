// The client side of bench:realtime-idle, a child process (its CPU and memory are not the
// server's): opens one realtime socket per token, `concurrency` opening at a time, each from a
// loopback address of its own group (127.0.<a>.<b>, `perAddress` sockets each, so the server's
// per-address cap is met as a crowd of separate clients would meet it), sends `auth`, waits for
// `ready`, and then stays idle (ws answers the server's pings by itself) until told to stop.
import { WebSocket } from 'ws';

const OPEN_TIMEOUT_MS = 15_000;

/** The loopback source address of socket `i`: 127.0.0.2 onwards, `perAddress` sockets each. */
function sourceAddress(i, perAddress) {
  const n = 2 + Math.floor(i / perAddress);
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

// Whatever became of the bench, this process does not outlive it.
process.once('disconnect', () => process.exit(1));

process.once('message', async ({ url, tokens, perAddress, concurrency }) => {
  const outcome = { ready: 0, failed: 0, closeCodes: {}, errors: {} };
  const open = [];
  const t0 = performance.now();
  const progressEvery = Math.max(1000, Math.ceil(tokens.length / 10 / 1000) * 1000);
  const wsUrl = `${url.replace(/^http/, 'ws')}/v1/realtime`;
  const one = (i) =>
    new Promise((resolve) => {
      const ws = new WebSocket(wsUrl, {
        localAddress: sourceAddress(i, perAddress),
        perMessageDeflate: false,
      });
      let settled = false;
      const settle = (ok) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (ok) outcome.ready++;
        else outcome.failed++;
        const done = outcome.ready + outcome.failed;
        if (done % progressEvery === 0)
          console.log(
            `    ${done} sockets (${outcome.ready} ready) after ${((performance.now() - t0) / 1000).toFixed(0)} s`,
          );
        resolve();
      };
      const timer = setTimeout(() => settle(false), OPEN_TIMEOUT_MS);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: tokens[i] })));
      ws.on('message', (data) => {
        if (!settled && data.toString().includes('"type":"ready"')) settle(true);
      });
      ws.on('error', (err) => {
        outcome.errors[err.code ?? err.message] = (outcome.errors[err.code ?? err.message] ?? 0) + 1;
        settle(false);
      });
      ws.on('close', (code) => {
        outcome.closeCodes[code] = (outcome.closeCodes[code] ?? 0) + 1;
        settle(false);
      });
      open.push(ws);
    });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) await one(next++);
    }),
  );
  process.send({ type: 'opened', outcome });
  process.on('message', (m) => {
    if (m.type === 'count') {
      const stillOpen = open.filter((ws) => ws.readyState === WebSocket.OPEN).length;
      process.send({ type: 'count', stillOpen, closeCodes: outcome.closeCodes });
    }
    if (m.type === 'stop') {
      for (const ws of open) ws.terminate();
      setTimeout(() => process.exit(0), 100);
    }
  });
});
