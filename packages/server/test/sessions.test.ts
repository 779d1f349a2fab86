import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '600' });
});
afterAll(() => p.stop());

describe('sessions', () => {
  it('registers, logs in with a pls_ token of 32 random bytes and knows who I am', async () => {
    const { token, userId } = await p.signUp('alice');
    expect(token).toMatch(/^pls_[A-Za-z0-9_-]{43}$/);
    const me = await p.call('GET', '/v1/me', { token });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: userId, username: 'alice' });
  });

  it('stores only the SHA-256 of a token', async () => {
    const { token } = await p.signUp('hashcheck');
    const rows = await p.db.query<{ token_hash: string }>('select token_hash from sessions');
    expect(rows.some((r) => r.token_hash.includes(token.slice(4)))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('gives a new token on every login', async () => {
    await p.signUp('twice');
    const a = await p.call('POST', '/v1/sessions', { body: { username: 'twice', password: PASSWORD } });
    const b = await p.call('POST', '/v1/sessions', { body: { username: 'twice', password: PASSWORD } });
    expect(a.json().token).not.toBe(b.json().token);
  });

  it('ends at the 12 hour absolute limit, not a millisecond later', async () => {
    const { token } = await p.signUp('clockwatcher');
    for (let i = 0; i < 11; i++) {
      p.clock.advance(3_600_000);
      expect((await p.call('GET', '/v1/me', { token })).statusCode).toBe(200);
    }
    p.clock.advance(3_600_000 - 1);
    expect((await p.call('GET', '/v1/me', { token })).statusCode).toBe(200);
    p.clock.advance(1);
    const res = await p.call('GET', '/v1/me', { token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
  });

  it('logout is effective on the very next request', async () => {
    const { token } = await p.signUp('leaver');
    expect((await p.call('GET', '/v1/me', { token })).statusCode).toBe(200);
    expect((await p.call('DELETE', '/v1/sessions/current', { token })).statusCode).toBe(204);
    const res = await p.call('GET', '/v1/me', { token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('lists my sessions and revokes one of them, but not somebody else’s', async () => {
    const { token } = await p.signUp('multi');
    const other = await p.call('POST', '/v1/sessions', {
      body: { username: 'multi', password: PASSWORD },
      headers: { 'user-agent': 'phone' },
    });
    const list = (await p.call('GET', '/v1/sessions', { token })).json().sessions;
    expect(list).toHaveLength(2);
    const phone = list.find((s: { userAgent: string }) => s.userAgent === 'phone');
    const mallory = await p.signUp('mallory');
    expect((await p.call('DELETE', `/v1/sessions/${phone.id}`, { token: mallory.token })).statusCode).toBe(
      404,
    );
    expect((await p.call('DELETE', `/v1/sessions/${phone.id}`, { token })).statusCode).toBe(204);
    expect((await p.call('GET', '/v1/me', { token: other.json().token })).statusCode).toBe(401);
    expect((await p.call('GET', '/v1/me', { token })).statusCode).toBe(200);
  });

  it('a password change needs the current password and ends the other sessions', async () => {
    const { token } = await p.signUp('changer');
    const other = (
      await p.call('POST', '/v1/sessions', { body: { username: 'changer', password: PASSWORD } })
    ).json().token;
    const wrong = await p.call('PUT', '/v1/me/password', {
      token,
      body: { currentPassword: 'nope nope nope', newPassword: 'another long passphrase' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('WRONG_PASSWORD');
    const ok = await p.call('PUT', '/v1/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'another long passphrase' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await p.call('GET', '/v1/me', { token: other })).statusCode).toBe(401);
    expect((await p.call('GET', '/v1/me', { token })).statusCode).toBe(200);
  });

  it('admin deauthentication and disabling end every session at once', async () => {
    const admin = await p.admin();
    const victim = await p.signUp('victim');
    const res = await p.call('POST', `/v1/admin/users/${victim.userId}/deauthenticate`, {
      token: admin.token,
    });
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await p.call('GET', '/v1/me', { token: victim.token })).statusCode).toBe(401);

    const again = await p.call('POST', '/v1/sessions', { body: { username: 'victim', password: PASSWORD } });
    const t2 = again.json().token;
    expect(
      (
        await p.call('PATCH', `/v1/admin/users/${victim.userId}`, {
          token: admin.token,
          body: { disabled: true },
        })
      ).statusCode,
    ).toBe(200);
    expect((await p.call('GET', '/v1/me', { token: t2 })).statusCode).toBe(401);
    const login = await p.call('POST', '/v1/sessions', { body: { username: 'victim', password: PASSWORD } });
    expect(login.statusCode).toBe(401);
    expect(login.json().error.code).toBe('INVALID_CREDENTIALS');
  });
});
