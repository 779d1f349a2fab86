import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../src/rate-limit/index.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// Nothing listens on port 1: the same as a Redis that has gone away. No Redis server is needed.
let p: TestParlor;
beforeAll(async () => {
  const limiter = new RedisRateLimitStore('redis://127.0.0.1:1', {
    timeoutMs: 300,
    onConnectionError: () => {},
  });
  p = await startTestParlor({}, { limiter });
});
afterAll(() => p.stop());

describe('Redis is down', () => {
  it('rate-limited routes answer 503 UNAVAILABLE, never a 500 and never an open door', async () => {
    const register = await p.call('POST', '/v1/accounts', {
      body: { username: 'no_redis', password: PASSWORD },
    });
    expect(register.statusCode).toBe(503);
    expect(register.json().error.code).toBe('UNAVAILABLE');
    const login = await p.call('POST', '/v1/sessions', {
      body: { username: 'no_redis', password: PASSWORD },
    });
    expect(login.statusCode).toBe(503);
    expect(login.headers['retry-after']).toBeDefined();
    const ready = await p.call('GET', '/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.rateLimit).toBe('unavailable');
  });
});
