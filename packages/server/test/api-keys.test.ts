import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, makeKey } from './support/credentials.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let admin: { token: string; userId: string };
let alice: { token: string; userId: string };
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200', PARLOR_API_KEYS_PER_OWNER: '3' });
  admin = await p.admin();
  alice = await p.signUp('alice');
});
afterAll(() => p.stop());

const verify = (key: string) => p.call('POST', '/v1/tickets/verify', { token: key, body: { ticket: 'x' } });

describe('API keys', () => {
  it('shows the secret once as plk_<id>_<secret> and stores only its SHA-256', async () => {
    const res = await p.call('POST', '/v1/api-keys', {
      token: alice.token,
      body: { name: 'my server', role: 'community-server' },
    });
    expect(res.statusCode).toBe(201);
    const { id, key } = res.json();
    expect(key).toMatch(/^plk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.slice(4, 16)).toBe(id);
    const rows = await p.db.query<{ secret_hash: string }>('select secret_hash from api_keys where id = $1', [
      id,
    ]);
    expect(rows[0]!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.secret_hash).not.toContain(key.slice(17));

    const list = await p.call('GET', '/v1/api-keys', { token: alice.token });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key.slice(17));
    expect(list.json().apiKeys).toEqual([
      expect.objectContaining({ id, name: 'my server', role: 'community-server', expiresAt: null }),
    ]);
    // The key works where its role allows, and records when it was used.
    expect(errorCode(await verify(key))).toBe('TICKET_INVALID');
    const used = (await p.call('GET', '/v1/api-keys', { token: alice.token })).json().apiKeys[0];
    expect(used.lastUsedAt).not.toBeNull();
    await p.call('DELETE', `/v1/api-keys/${id}`, { token: alice.token });
  });

  it('refuses roles the maker could not grant (escalation rule)', async () => {
    for (const role of ['admin', 'metrics-reporter', 'minigame', 'studio-owner']) {
      const res = await p.call('POST', '/v1/api-keys', { token: alice.token, body: { name: 'x', role } });
      expect(res.statusCode, role).toBe(403);
      expect(errorCode(res)).toBe('ESCALATION_REFUSED');
    }
    expect(
      errorCode(
        await p.call('POST', '/v1/api-keys', { token: alice.token, body: { name: 'x', role: 'nope' } }),
      ),
    ).toBe('NOT_FOUND');
    // An admin holds every permission, so may make any key.
    await makeKey(p, admin.token, 'metrics-reporter');
  });

  it('revocation is effective on the very next request; only the owner or an admin may revoke', async () => {
    const { id, key } = await makeKey(p, alice.token, 'community-server');
    expect(errorCode(await verify(key))).toBe('TICKET_INVALID');
    const bob = await p.signUp('bob');
    expect((await p.call('DELETE', `/v1/api-keys/${id}`, { token: bob.token })).statusCode).toBe(404);
    expect(errorCode(await verify(key))).toBe('TICKET_INVALID');
    expect((await p.call('DELETE', `/v1/api-keys/${id}`, { token: alice.token })).statusCode).toBe(204);
    const res = await verify(key);
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect((await p.call('DELETE', `/v1/api-keys/${id}`, { token: alice.token })).statusCode).toBe(404);

    const other = await makeKey(p, alice.token, 'community-server');
    expect((await p.call('DELETE', `/v1/api-keys/${other.id}`, { token: admin.token })).statusCode).toBe(204);
    expect(errorCode(await verify(other.key))).toBe('UNAUTHENTICATED');
  });

  it('rotation gives a new secret for the same id and role; the old one dies at once', async () => {
    const { id, key } = await makeKey(p, alice.token, 'community-server');
    const res = await p.call('POST', `/v1/api-keys/${id}/rotate`, { token: alice.token });
    expect(res.statusCode).toBe(200);
    const rotated = res.json();
    expect(rotated).toMatchObject({ id, role: 'community-server' });
    expect(rotated.key).not.toBe(key);
    expect(errorCode(await verify(key))).toBe('UNAUTHENTICATED');
    expect(errorCode(await verify(rotated.key))).toBe('TICKET_INVALID');
    const bob = await p.signUp('bob2');
    expect((await p.call('POST', `/v1/api-keys/${id}/rotate`, { token: bob.token })).statusCode).toBe(404);
    await p.call('DELETE', `/v1/api-keys/${id}`, { token: alice.token });
  });

  it('stops working when its owner is disabled', async () => {
    const carol = await p.signUp('carol');
    const { key } = await makeKey(p, carol.token, 'community-server');
    expect(errorCode(await verify(key))).toBe('TICKET_INVALID');
    await p.call('PATCH', `/v1/admin/users/${carol.userId}`, {
      token: admin.token,
      body: { disabled: true },
    });
    expect(errorCode(await verify(key))).toBe('UNAUTHENTICATED');
  });

  it('caps the live keys of one owner', async () => {
    const dave = await p.signUp('dave');
    for (let i = 0; i < 3; i++) await makeKey(p, dave.token, 'community-server');
    const res = await p.call('POST', '/v1/api-keys', {
      token: dave.token,
      body: { name: 'x', role: 'community-server' },
    });
    expect(errorCode(res)).toBe('CONFLICT');
  });

  it('lists other people’s keys only for admins', async () => {
    expect(
      errorCode(await p.call('GET', `/v1/api-keys?ownerId=${admin.userId}`, { token: alice.token })),
    ).toBe('FORBIDDEN');
    const res = await p.call('GET', `/v1/api-keys?ownerId=${alice.userId}`, { token: admin.token });
    expect(res.statusCode).toBe(200);
  });

  it('audits creation, revocation and rotation', async () => {
    const rows = await p.db.query<{ action: string }>(
      "select distinct action from audit_log where action like 'api-key.%'",
    );
    expect(rows.map((r) => r.action).sort()).toEqual(['api-key.create', 'api-key.revoke', 'api-key.rotate']);
  });
  // Last: moving the clock a day also ends every session of this file.
  it('expires after expiresInDays', async () => {
    const { key } = await makeKey(p, alice.token, 'community-server', { expiresInDays: 1 });
    expect(errorCode(await verify(key))).toBe('TICKET_INVALID');
    p.clock.advance(86_400_000);
    const res = await verify(key);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/expired/);
  });
});
