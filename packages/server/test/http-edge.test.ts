import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

/** Writes raw bytes to the server and reads everything it answers until it closes. */
function rawRequest(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', (err) => (answer ? resolve(answer) : reject(err)));
    socket.write(bytes);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

const ORIGIN = 'https://play.example.test';
let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_CORS_ORIGINS: ORIGIN }, { listen: true });
});
afterAll(() => p.stop());

describe("requests Node's HTTP parser refuses", () => {
  it('a malformed request gets 400 MALFORMED_REQUEST with the security headers', async () => {
    const res = parse(await rawRequest(p.url, 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_REQUEST');
    expect(typeof res.body.error.message).toBe('string');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-xss-protection']).toBe('0');
  });

  it('oversized headers get 431 HEADERS_TOO_LARGE with the security headers', async () => {
    const big = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`;
    const res = parse(await rawRequest(p.url, big));
    expect(res.status).toBe(431);
    expect(res.body.error.code).toBe('HEADERS_TOO_LARGE');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('CORS on refusals from the access hook', () => {
  it('an allowed origin can read a 401', async () => {
    const res = await fetch(`${p.url}/v1/me`, { headers: { origin: ORIGIN } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('an allowed origin can read a 403', async () => {
    const { token } = await p.signUp('cors_player');
    const res = await fetch(`${p.url}/v1/admin/audit`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('another origin gets no CORS headers on a 401', async () => {
    const res = await fetch(`${p.url}/v1/me`, { headers: { origin: 'https://evil.example.test' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('/metrics with PARLOR_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-scraper-secret-0123456789';
  let guarded: TestParlor;
  beforeAll(async () => {
    guarded = await startTestParlor({ PARLOR_METRICS_TOKEN: TOKEN });
  });
  afterAll(() => guarded.stop());

  it('refuses a scrape without the token or with another one', async () => {
    for (const token of [undefined, 'wrong-token-wrong-token-wrong']) {
      const res = await guarded.call('GET', '/metrics', token ? { token } : {});
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers a scrape with the token', async () => {
    const res = await guarded.call('GET', '/metrics', { token: TOKEN });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('parlor_http_requests_total');
  });

  it('stays open when no token is set', async () => {
    expect((await p.call('GET', '/metrics')).statusCode).toBe(200);
  });
});
