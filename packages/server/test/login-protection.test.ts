import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// Keycloak-style brute-force protection: a progressive per-account lockout (5 failures, then
// 30 s doubling) on top of the per-IP limit, and one answer for every kind of refusal.

describe('login protection', () => {
  let p: TestParlor;
  const login = (username: string, password: string) =>
    p.call('POST', '/v1/sessions', { body: { username, password } });
  const failedLogins = async (username: string) =>
    (
      await p.db.query<{ failed_logins: number }>('select failed_logins from users where username = $1', [
        username,
      ])
    )[0]!.failed_logins;

  beforeAll(async () => {
    p = await startTestParlor({ PARLOR_LOGIN_IP_PER_MINUTE: '1000' });
  });
  afterAll(() => p.stop());

  it('locks an account after 5 failures, answering exactly as for an unknown user, then lets it in again', async () => {
    await p.signUp('lock_target');
    for (let i = 0; i < 5; i++) expect((await login('lock_target', 'wrong password!')).statusCode).toBe(401);

    const locked = await login('lock_target', PASSWORD); // the right password, while locked
    const unknown = await login('nobody_at_all', PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toEqual(unknown.json());

    p.clock.advance(31_000);
    const after = await login('lock_target', PASSWORD);
    expect(after.statusCode).toBe(201);
    expect(await failedLogins('lock_target')).toBe(0);
  });

  it('counts every one of a burst of parallel guesses', async () => {
    await p.signUp('burst_target');
    const guesses = await Promise.all(
      Array.from({ length: 8 }, () => login('burst_target', 'not it at all')),
    );
    expect(guesses.every((r) => r.statusCode === 401)).toBe(true);
    expect(await failedLogins('burst_target')).toBe(8);
    expect((await login('burst_target', PASSWORD)).statusCode).toBe(401); // locked
  });
});
