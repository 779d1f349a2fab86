import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/platform/app-error.js';
import { PasswordHasher } from '../src/identity/password-hasher.js';
import { errorCode } from './support/credentials.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

const change = (p: TestParlor, token: string, currentPassword: string) =>
  p.call('PUT', '/v1/me/password', {
    token,
    body: { currentPassword, newPassword: 'a brand new passphrase' },
  });

describe('PUT /v1/me/password is no password oracle', () => {
  let p: TestParlor;
  beforeAll(async () => {
    p = await startTestParlor();
  });
  afterAll(() => p.stop());

  it('60 parallel wrong guesses on one session: the lockout threshold are checked, the rest refused', async () => {
    const { token } = await p.signUp('oracle_target');
    const answers = await Promise.all(Array.from({ length: 60 }, () => change(p, token, 'is it this one?')));
    const codes = answers.map(errorCode);
    expect(codes.filter((c) => c === 'WRONG_PASSWORD')).toHaveLength(p.config.loginLockoutThreshold);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(60 - p.config.loginLockoutThreshold);
    const refused = answers.find((r) => errorCode(r) === 'RATE_LIMITED')!;
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.retryAfterSeconds).toBeGreaterThan(0);

    // The account is locked as after failed logins: the right password waits too, here and at login.
    expect(errorCode(await change(p, token, PASSWORD))).toBe('RATE_LIMITED');
    const login = await p.call('POST', '/v1/sessions', {
      body: { username: 'oracle_target', password: PASSWORD },
    });
    expect(errorCode(login)).toBe('INVALID_CREDENTIALS');

    // Refused guesses did not lengthen the lock: after the first lock period the right one works.
    p.clock.advance((p.config.loginLockoutBaseSeconds + 1) * 1000);
    expect((await change(p, token, PASSWORD)).statusCode).toBe(204);
  });

  it('wrong current passwords count against the address like failed logins', async () => {
    // Four: the sign-up's own login, then three guesses.
    const strict = await startTestParlor({ PARLOR_LOGIN_IP_PER_MINUTE: '4' });
    const { token } = await strict.signUp('ip_target');
    for (let i = 0; i < 3; i++)
      expect(errorCode(await change(strict, token, `guess ${i} ...`))).toBe('WRONG_PASSWORD');
    expect(errorCode(await change(strict, token, 'one more guess'))).toBe('RATE_LIMITED');
    // The same budget as logins from that address.
    const login = await strict.call('POST', '/v1/sessions', {
      body: { username: 'ip_target', password: PASSWORD },
    });
    expect(errorCode(login)).toBe('RATE_LIMITED');
    await strict.stop();
  });
});

describe('argon2 work is bounded across every route', () => {
  it('the hasher runs maxConcurrent, queues maxQueued, and refuses the rest BUSY at once', async () => {
    const hasher = new PasswordHasher({ memoryKiB: 19456, timeCost: 2 }, { maxConcurrent: 1, maxQueued: 2 });
    const stored = await hasher.hash(PASSWORD);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => hasher.verify(stored, PASSWORD)),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(3);
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(3);
    for (const err of refused) expect(err).toBeInstanceOf(AppError);
    expect(refused.map((e: AppError) => e.code)).toEqual(['BUSY', 'BUSY', 'BUSY']);
    expect(hasher.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a burst of registrations beyond the queue gets 503 BUSY with retryAfterSeconds, never a 500', async () => {
    const p = await startTestParlor({ PARLOR_ARGON2_MAX_CONCURRENT: '1', PARLOR_ARGON2_MAX_QUEUE: '1' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        p.call('POST', '/v1/accounts', { body: { username: `burst_${i}`, password: PASSWORD } }),
      ),
    );
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 503)).toBe(true);
    const busy = answers.filter((r) => r.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.json().error).toMatchObject({ code: 'BUSY', retryAfterSeconds: 1 });
    expect(busy[0]!.headers['retry-after']).toBe('1');
    await p.stop();
  });
});
