import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GameClient } from '@parlor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import { freeLoopbackPort } from '../src/matchmaker/docker/free-port.js';
import { QUICK_GAME_SERVER, until } from './support/live.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// Parlor behind Debian's nginx terminating TLS with a certificate made here, configured with
// the file the deployment guide documents (deploy/nginx/parlor.conf). Players reach the API
// and the game sockets (wss://, relayed by Parlor) through the proxy's one origin.
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const SITE = fileURLToPath(new URL('../../../deploy/nginx/parlor.conf', import.meta.url));
if (!NGINX) console.warn('behind-nginx tests skipped: nginx is not installed (apt-get install nginx-light)');

const dir = mkdtempSync(path.join(os.tmpdir(), 'parlor-nginx-'));
let p: TestParlor;
let nginx: ChildProcess | undefined;
let origin: string;
let ca: Buffer;

function makeCertificate(): void {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
}

/** The documented site, pointed at this test's ports and certificate, in a minimal nginx.conf. */
function writeNginxConfig(listenPort: number, parlorPort: number): string {
  const site = readFileSync(SITE, 'utf8')
    .replace('listen 443 ssl;', `listen 127.0.0.1:${listenPort} ssl;`)
    .replace('server_name parlor.example.com;', 'server_name localhost;')
    .replace('/etc/ssl/parlor/cert.pem', path.join(dir, 'cert.pem'))
    .replace('/etc/ssl/parlor/key.pem', path.join(dir, 'key.pem'))
    .replace('proxy_pass http://127.0.0.1:8080;', `proxy_pass http://127.0.0.1:${parlorPort};`);
  writeFileSync(path.join(dir, 'parlor.conf'), site);
  const temp = path.join(dir, 'temp');
  mkdirSync(temp, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${temp}/${t};`),
      `  include ${path.join(dir, 'parlor.conf')};`,
      '}',
    ].join('\n'),
  );
  return conf;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** JSON over HTTPS through the proxy, trusting only the test's certificate. */
function call(method: string, route: string, body?: unknown, token?: string) {
  return new Promise<{ status: number; json: any }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${origin}${route}`,
      {
        method,
        ca,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `ws` trusting the test's certificate, in the shape GameClient takes (a browser's WebSocket). */
class TrustingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[], options?: ClientOptions) {
    super(url, protocols, { ...options, ca, origin });
  }
}

async function signUp(username: string): Promise<string> {
  expect((await call('POST', '/v1/accounts', { username, password: PASSWORD })).status).toBe(201);
  const session = await call('POST', '/v1/sessions', { username, password: PASSWORD });
  expect(session.status).toBe(201);
  return session.json.token;
}

describe.skipIf(!NGINX)('behind nginx terminating TLS', () => {
  beforeAll(async () => {
    makeCertificate();
    ca = readFileSync(path.join(dir, 'cert.pem'));
    const proxyPort = await freeLoopbackPort();
    origin = `https://localhost:${proxyPort}`;
    p = await startTestParlor(
      { PARLOR_PUBLIC_URL: origin, PARLOR_TRUST_PROXY: 'true' },
      { listen: true, gameServerEntry: QUICK_GAME_SERVER },
    );
    const conf = writeNginxConfig(proxyPort, Number(new URL(p.url).port));
    nginx = spawn(NGINX!, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    await until(
      async () => {
        if (nginx!.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        return listening(proxyPort);
      },
      { timeoutMs: 10_000, everyMs: 25 },
    );
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await p?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('register, create a game, and play it over wss:// on the proxy’s one origin', async () => {
    const hostToken = await signUp('proxied_host');
    const friendToken = await signUp('proxied_friend');
    const created = await call('POST', '/v1/games', { type: 'gem-rush' }, hostToken);
    expect(created.status).toBe(201);
    const game = created.json;
    // The socket URL is the proxy's origin, as PARLOR_PUBLIC_URL says, over TLS.
    expect(game.url).toBe(`${origin.replace('https', 'wss')}/v1/games/${game.gameId}/socket`);
    const joined = (await call('POST', '/v1/games/join', { passcode: game.passcode }, friendToken)).json;

    const players = [game, joined].map(
      (t) =>
        new GameClient({
          url: t.url,
          token: t.connectToken,
          WebSocket: TrustingWebSocket,
          autoResume: false,
        }),
    );
    try {
      for (const c of players) await c.connect();
      const [host, friend] = players as [GameClient, GameClient];
      expect(host.isHost).toBe(true);
      expect(friend.isHost).toBe(false);
      await until(() => Object.keys(host.state?.players ?? {}).length === 2);
      const ended = new Promise((resolve) => friend.on('ended', resolve));
      host.configure('easy');
      host.sendInput({ x: 1, y: 0 });
      expect(await ended).toMatchObject({ players: expect.any(Array) });
      const view = await call('GET', `/v1/games/${game.gameId}`, undefined, hostToken);
      expect(view.json.status).toBe('finished');
    } finally {
      for (const c of players) c.close();
    }
  });

  it('a game socket from a foreign origin is refused at the relay, through the proxy', async () => {
    const token = await signUp('proxied_foreign');
    const game = (await call('POST', '/v1/games', { type: 'gem-rush' }, token)).json;
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(game.url, { ca, origin: 'https://elsewhere.example' });
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });
    expect(status).toBe(403);
  });
});
