import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bind, errorCode } from './support/credentials.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let admin: { token: string; userId: string };
let manager: { token: string; userId: string };
beforeAll(async () => {
  p = await startTestParlor();
  admin = await p.admin('only_admin');
  const role = await p.call('POST', '/v1/roles', {
    token: admin.token,
    body: { name: 'user-manager', rules: [{ resources: ['users'], verbs: ['get', 'list', 'update'] }] },
  });
  expect(role.statusCode, role.body).toBe(201);
  manager = await p.signUp('delegated_manager');
  await bind(p, admin.token, 'user-manager', manager.userId);
});
afterAll(() => p.stop());

const disable = (token: string, userId: string, disabled = true) =>
  p.call('PATCH', `/v1/admin/users/${userId}`, { token, body: { disabled } });
const enabled = async (userId: string) =>
  (
    await p.db.query<{ disabled_at: Date | null }>('select disabled_at from users where id = $1', [userId])
  )[0]!.disabled_at === null;

describe('the last-admin guard', () => {
  it('a delegated user manager cannot disable the only admin', async () => {
    const res = await disable(manager.token, admin.userId);
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CONFLICT');
    expect(await enabled(admin.userId)).toBe(true);
    expect((await p.call('GET', '/v1/me', { token: admin.token })).statusCode).toBe(200);
  });

  it('a delegated user manager cannot deauthenticate the only admin', async () => {
    const res = await p.call('POST', `/v1/admin/users/${admin.userId}/deauthenticate`, {
      token: manager.token,
    });
    expect(res.statusCode).toBe(409);
    expect((await p.call('GET', '/v1/me', { token: admin.token })).statusCode).toBe(200);
  });

  it('the manager still manages everyone else', async () => {
    const player = await p.signUp('managed_player');
    expect((await disable(manager.token, player.userId)).statusCode).toBe(200);
    expect((await disable(manager.token, player.userId, false)).statusCode).toBe(200);
  });

  it('with a second enabled admin, one of them may be disabled; never both at once', async () => {
    const second = await p.signUp('second_admin');
    await bind(p, admin.token, 'admin', second.userId);
    // Each disables the other at the same moment: at least one stays enabled.
    const [a, b] = await Promise.all([
      disable(admin.token, second.userId),
      disable(second.token, admin.userId),
    ]);
    // (The loser is refused CONFLICT, or 401 when the winner's write already ended its session.)
    expect([a.statusCode, b.statusCode].filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect((await enabled(admin.userId)) || (await enabled(second.userId))).toBe(true);

    // Once the dust settles, disabling one of two enabled admins is allowed.
    const survivor = (await enabled(admin.userId)) ? admin : second;
    const other = survivor === admin ? second : admin;
    if (!(await enabled(other.userId))) await disable(survivor.token, other.userId, false);
    const fresh = await p.call('POST', '/v1/sessions', {
      body: { username: other === admin ? 'only_admin' : 'second_admin', password: PASSWORD },
    });
    expect(fresh.statusCode).toBe(201);
    expect((await disable(manager.token, other.userId)).statusCode).toBe(200);
    expect(errorCode(await disable(manager.token, survivor.userId))).toBe('CONFLICT');
  });
});
