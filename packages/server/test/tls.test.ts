import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parlor-tls-'));
const cert = path.join(dir, 'cert.pem');
const key = path.join(dir, 'key.pem');

function get(url: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    // A self-signed certificate made for this test: nothing to verify it against.
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let p: TestParlor;
let url: string;
beforeAll(async () => {
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
      '/CN=127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  p = await startTestParlor({ PARLOR_TLS_CERT_FILE: cert, PARLOR_TLS_KEY_FILE: key });
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await p?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('built-in TLS', () => {
  it('serves HTTPS and sends HSTS on every response, 404s included', async () => {
    expect(url.startsWith('https://')).toBe(true);
    const ok = await get(`${url}/healthz`);
    expect(ok.status).toBe(200);
    expect(ok.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const missing = await get(`${url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
