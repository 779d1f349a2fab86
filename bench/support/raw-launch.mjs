// The launcher's own limit, without the matchmaker: fork the same game-server entry the
// process launcher forks, hand it secrets over IPC, and wait for its `ready` report at a
// stub control plane that accepts every report. No database, no HTTP API, no secrets sealing.
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

// Revocation polls get 404: this stub revokes nobody, and a 404 ends a game server's poll.
const REPORT = /^\/v1\/internal\/games\/([^/]+)\/(ready|heartbeat|status|host)$/;

export async function startReadyStub() {
  const waiting = new Map();
  const server = createServer((req, res) => {
    const match = REPORT.exec(req.url ?? '');
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      if (!match) return res.writeHead(404).end();
      if (match[2] === 'ready') waiting.get(match[1])?.(JSON.parse(Buffer.concat(chunks).toString()));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ack":true}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Resolves with the game server's ready report (`{port}`). */
    readyOf(gameId) {
      return new Promise((resolve) => waiting.set(gameId, resolve));
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Forks one server (added to `started` at once, for cleanup) and resolves once it reported ready. */
export async function rawLaunch(stub, entry, started) {
  const gameId = randomUUID();
  const ready = stub.readyOf(gameId);
  const child = fork(entry, [], {
    env: { NODE_ENV: 'production' },
    execArgv: [],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    serialization: 'json',
  });
  started.push(child);
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  child.send({
    type: 'parlor.secrets',
    gameId,
    gameType: 'gem-rush',
    connectKey: randomBytes(32).toString('base64url'),
    reportingToken: randomBytes(32).toString('base64url'),
    controlUrl: stub.url,
    maxPlayers: 8,
    heartbeatIntervalMs: 5_000,
    host: '127.0.0.1',
    port: 0,
  });
  await ready;
  return child;
}

/** Stops every child and waits for each to be gone. */
export async function killAll(children) {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGKILL');
        }),
    ),
  );
}
