import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

const REQUIRED = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-xss-protection': '0',
  'x-permitted-cross-domain-policies': 'none',
};
const CSP = ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"];

function expectHeaders(res: { headers: Record<string, unknown> }) {
  for (const [name, value] of Object.entries(REQUIRED)) expect(res.headers[name], name).toBe(value);
  for (const directive of CSP) expect(String(res.headers['content-security-policy'])).toContain(directive);
  // Plain HTTP: no HSTS (it only means something over TLS).
  expect(res.headers['strict-transport-security']).toBeUndefined();
}

let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor();
});
afterAll(() => p.stop());

describe('security headers on every response', () => {
  it('200', async () => {
    const res = await p.call('GET', '/healthz');
    expect(res.statusCode).toBe(200);
    expectHeaders(res);
  });

  it('400, 401, 403 and 404', async () => {
    const { token } = await p.signUp('headers');
    const cases = [
      [400, await p.call('POST', '/v1/accounts', { body: { nope: 1 } })],
      [401, await p.call('GET', '/v1/me')],
      [403, await p.call('GET', '/v1/admin/audit', { token })],
      [404, await p.call('GET', '/no/such/route')],
      [404, await p.call('DELETE', '/v1/api-keys/AAAAAAAAAAAA', { token })],
    ] as const;
    for (const [status, res] of cases) {
      expect(res.statusCode).toBe(status);
      expectHeaders(res);
    }
  });

  it('5xx when storage fails under a request', async () => {
    const broken = await startTestParlor();
    const { token } = await broken.signUp('doomed');
    await broken.db.close();
    const res = await broken.call('GET', '/v1/api-keys', { token });
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    expect(res.json().error.code).toMatch(/INTERNAL|UNAVAILABLE/);
    expectHeaders(res);
    await broken.close();
  });
});
