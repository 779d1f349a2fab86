import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../../src/matchmaker/docker/free-port.js';
import { until } from './live.js';

/** Debian's nginx, when installed (apt-get install nginx-light). */
export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const SITE = fileURLToPath(new URL('../../../../deploy/nginx/parlor.conf', import.meta.url));

export interface NginxProxy {
  /** `https://localhost:<port>`: what PARLOR_PUBLIC_URL is set to. */
  origin: string;
  /** The proxy's self-signed certificate, the only one a client should trust. */
  ca: Buffer;
  /** Starts nginx in front of a Parlor listening on `parlorPort`; resolves once it listens. */
  start(parlorPort: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * nginx terminating TLS with a certificate made here, configured with the site file the
 * deployment guide documents (deploy/nginx/parlor.conf), pointed at this test's ports. The origin
 * is known before Parlor starts (it needs it as PARLOR_PUBLIC_URL); nginx starts after.
 */
export async function nginxProxy(): Promise<NginxProxy> {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx-light)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parlor-nginx-'));
  makeCertificate(dir);
  const port = await freeLoopbackPort();
  let nginx: ChildProcess | undefined;
  return {
    origin: `https://localhost:${port}`,
    ca: readFileSync(path.join(dir, 'cert.pem')),
    async start(parlorPort) {
      const conf = writeNginxConfig(dir, port, parlorPort);
      const child = spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      nginx = child;
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      await until(
        async () => {
          if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
          return listening(port);
        },
        { timeoutMs: 10_000, everyMs: 25 },
      );
    },
    async stop() {
      if (nginx && nginx.exitCode === null) {
        const exited = new Promise((resolve) => nginx!.once('exit', resolve));
        nginx.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function makeCertificate(dir: string): void {
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
      ...['-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
      ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
}

/** The documented site, pointed at this test's ports and certificate, in a minimal nginx.conf. */
function writeNginxConfig(dir: string, listenPort: number, parlorPort: number): string {
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

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
