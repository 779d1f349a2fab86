// Signs `count` users up and in through the real API, then opens one authenticated realtime
// socket per session and keeps them open: "signed-in users online" for bench:memory. Requests
// and sockets come from loopback source addresses 127.0.0.2, 127.0.0.3, ... (`perAddress`
// users each), so the default per-address budgets (sign-ups per hour, logins per minute,
// sockets per address) apply as they would to people on their own connections.
import http from 'node:http';
import { WebSocket } from 'ws';

const PASSWORD = 'a long benchmark passphrase for memory';

/** 127.0.0.(2 + floor(i / perAddress)); a /8 has room for any count a bench would use. */
const sourceAddress = (i, perAddress) => {
  const n = 2 + Math.floor(i / perAddress);
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

function postJson(url, localAddress, route, body) {
  const { hostname, port } = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path: route,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

async function signUpAndIn(url, i, perAddress) {
  const localAddress = sourceAddress(i, perAddress);
  const user = { username: `mem_user_${String(i).padStart(5, '0')}`, password: PASSWORD };
  const made = await postJson(url, localAddress, '/v1/accounts', user);
  if (made.status !== 201)
    throw new Error(`sign-up ${i} answered ${made.status}: ${JSON.stringify(made.body)}`);
  const session = await postJson(url, localAddress, '/v1/sessions', user);
  if (session.status !== 201)
    throw new Error(`sign-in ${i} answered ${session.status}: ${JSON.stringify(session.body)}`);
  return { token: session.body.token, localAddress };
}

function openRealtime(url, { token, localAddress }, timeoutMs) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/realtime`, { localAddress });
    const timer = setTimeout(() => (ws.terminate(), reject(new Error('no ready frame in time'))), timeoutMs);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (data) => {
      if (!String(data).includes('"type":"ready"')) return;
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (err) => (clearTimeout(timer), reject(err)));
    ws.once(
      'close',
      (code) => (clearTimeout(timer), reject(new Error(`socket closed (${code}) before ready`))),
    );
  });
}

/**
 * Resolves to `{ sockets, signUpMs, close }` once every user has a session and a ready socket.
 * `concurrency` sign-ups at a time stay below the server's argon2 queue; `deadlineMs` bounds it.
 */
export async function bringUsersOnline(url, { count, perAddress = 10, concurrency = 8, deadlineMs }) {
  const started = performance.now();
  const sessions = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        if (performance.now() - started > deadlineMs)
          throw new Error(`only ${next} of ${count} users signed in within ${deadlineMs / 1000} s`);
        const i = next++;
        sessions[i] = await signUpAndIn(url, i, perAddress);
      }
    }),
  );
  const signUpMs = performance.now() - started;
  const sockets = [];
  for (let from = 0; from < count; from += 50)
    sockets.push(
      ...(await Promise.all(sessions.slice(from, from + 50).map((s) => openRealtime(url, s, 30_000)))),
    );
  return {
    sockets,
    signUpMs,
    close: () => sockets.forEach((ws) => ws.terminate()),
  };
}
