import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

// A stand-in build (index.html and one asset), so this runs without building the client.
const dir = mkdtempSync(path.join(os.tmpdir(), 'parlor-web-'));
mkdirSync(path.join(dir, 'assets'));
writeFileSync(
  path.join(dir, 'index.html'),
  '<!doctype html><script type="module" src="/assets/app-1.js"></script>',
);
writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log(1)');
writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');

let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({}, { webDir: dir });
});
afterAll(async () => {
  await p.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web client at /', () => {
  it('answers its page at / and at every client route, with a strict policy and no caching', async () => {
    for (const url of [
      '/',
      '/signin',
      '/join/ABC-123',
      '/play/1d8e',
      '/admin',
      '/admin/users',
      '/studio',
      '/account',
    ]) {
      const res = await p.call('GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('/assets/app-1.js');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self' ws://127.0.0.1:*");
      expect(csp).not.toMatch(/unsafe-(inline|eval)/);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('serves hashed assets for a year, and keeps API, docs and unknown paths as they were', async () => {
    const asset = await p.call('GET', '/assets/app-1.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await p.call('GET', '/assets/nope.js')).statusCode).toBe(404);
    expect((await p.call('GET', '/assets/..%2fpackage.json')).statusCode).toBe(404);
    const api = await p.call('GET', '/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('ROUTE_NOT_FOUND');
    expect((await p.call('GET', '/no-such-page')).json().error.code).toBe('ROUTE_NOT_FOUND');
    expect((await p.call('GET', '/healthz')).statusCode).toBe(200);
    expect((await p.call('GET', '/openapi.json')).json().paths['/']).toBeUndefined();
  });

  it('says whether the first admin is still to be created', async () => {
    expect((await p.call('GET', '/v1/setup')).json()).toEqual({ bootstrapPending: true });
    await p.admin();
    expect((await p.call('GET', '/v1/setup')).json()).toEqual({ bootstrapPending: false });
  });
});
