import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bind, errorCode, makeKey } from './support/credentials.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let admin: string;
beforeAll(async () => {
  p = await startTestParlor();
  admin = (await p.admin('keys_admin')).token;
  // A role a key can use (verifying join tickets), and one that lets its holder make such keys.
  for (const [name, rules] of [
    ['ticket-checker', [{ resources: ['ticket-verifications'], verbs: ['create'] }]],
    ['ticket-checker-maker', [{ resources: ['roles'], verbs: ['bind'], resourceNames: ['ticket-checker'] }]],
  ] as const) {
    const res = await p.call('POST', '/v1/roles', { token: admin, body: { name, rules } });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => p.stop());

const review = (keyId: string) =>
  p.call('POST', '/v1/access-reviews', {
    token: admin,
    body: { subject: { kind: 'apiKey', id: keyId }, verb: 'create', resource: 'ticket-verifications' },
  });
const useKey = (key: string) =>
  p.call('POST', '/v1/tickets/verify', { token: key, body: { ticket: 'plt_not.a-real-ticket' } });

describe("an API key's role lasts only while its owner may grant it", () => {
  it('stops working, and an access review says so, once the owner loses the right; comes back with it', async () => {
    const owner = await p.signUp('key_owner');
    await bind(p, admin, 'ticket-checker-maker', owner.userId);
    const key = await makeKey(p, owner.token, 'ticket-checker');

    expect((await review(key.id)).json()).toMatchObject({ allowed: true });
    expect((await useKey(key.key)).statusCode).not.toBe(403);

    const unbound = await p.call(
      'DELETE',
      `/v1/role-bindings/ticket-checker-maker-${owner.userId.slice(0, 8)}`,
      {
        token: admin,
      },
    );
    expect(unbound.statusCode).toBe(204);
    expect((await review(key.id)).json()).toMatchObject({ allowed: false });
    const refused = await useKey(key.key);
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('FORBIDDEN');

    await bind(p, admin, 'ticket-checker-maker', owner.userId);
    expect((await review(key.id)).json()).toMatchObject({ allowed: true });
    expect((await useKey(key.key)).statusCode).not.toBe(403);
  });

  it("an access review of a disabled owner's key says the owner is disabled", async () => {
    const owner = await p.signUp('disabled_key_owner');
    await bind(p, admin, 'ticket-checker-maker', owner.userId);
    const key = await makeKey(p, owner.token, 'ticket-checker');
    expect(
      (await p.call('PATCH', `/v1/admin/users/${owner.userId}`, { token: admin, body: { disabled: true } }))
        .statusCode,
    ).toBe(200);
    expect((await review(key.id)).json()).toEqual({
      allowed: false,
      reason: "the API key's owner is disabled",
    });
  });

  it('a role bound to the key itself by an admin stands on its own', async () => {
    const owner = await p.signUp('plain_owner');
    const key = await makeKey(p, owner.token, 'community-server');
    const res = await p.call('POST', '/v1/role-bindings', {
      token: admin,
      body: { name: 'key-ticket-checker', role: 'ticket-checker', subject: { kind: 'apiKey', id: key.id } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await review(key.id)).json()).toMatchObject({ allowed: true });
  });
});
