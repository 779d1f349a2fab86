import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bind, errorCode, makeKey } from './support/credentials.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let admin: { token: string; userId: string };
let player: { token: string; userId: string };
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200' });
  admin = await p.admin();
  player = await p.signUp('player1');
});
afterAll(() => p.stop());

const readAudit = { name: 'audit-reader', rules: [{ resources: ['audit'], verbs: ['list'] }] };

describe('roles and bindings', () => {
  it('lists the built-in roles and refuses to change or delete them', async () => {
    const roles = (await p.call('GET', '/v1/roles', { token: admin.token })).json().roles;
    expect(roles.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining([
        'admin',
        'player',
        'studio-owner',
        'minigame',
        'metrics-reporter',
        'community-server',
      ]),
    );
    const put = await p.call('PUT', '/v1/roles/player', { token: admin.token, body: { rules: [] } });
    expect(errorCode(put)).toBe('CONFLICT');
    expect(errorCode(await p.call('DELETE', '/v1/roles/admin', { token: admin.token }))).toBe('CONFLICT');
    expect(errorCode(await p.call('DELETE', '/v1/role-bindings/players', { token: admin.token }))).toBe(
      'CONFLICT',
    );
  });

  it('creates, binds, updates and deletes a role; each change takes effect at once', async () => {
    expect((await p.call('POST', '/v1/roles', { token: admin.token, body: readAudit })).statusCode).toBe(201);
    expect(errorCode(await p.call('POST', '/v1/roles', { token: admin.token, body: readAudit }))).toBe(
      'CONFLICT',
    );
    expect((await p.call('GET', '/v1/admin/audit', { token: player.token })).statusCode).toBe(403);
    await p.call('POST', '/v1/role-bindings', {
      token: admin.token,
      body: { name: 'p1-audit', role: 'audit-reader', subject: { kind: 'user', id: player.userId } },
    });
    expect((await p.call('GET', '/v1/admin/audit', { token: player.token })).statusCode).toBe(200);
    await p.call('PUT', '/v1/roles/audit-reader', {
      token: admin.token,
      body: { rules: [{ resources: ['users'], verbs: ['list'] }] },
    });
    expect((await p.call('GET', '/v1/admin/audit', { token: player.token })).statusCode).toBe(403);
    expect((await p.call('GET', '/v1/admin/users', { token: player.token })).statusCode).toBe(200);
    expect((await p.call('DELETE', '/v1/roles/audit-reader', { token: admin.token })).statusCode).toBe(204);
    expect((await p.call('GET', '/v1/admin/users', { token: player.token })).statusCode).toBe(403);
    const bindings = (await p.call('GET', '/v1/role-bindings', { token: admin.token })).json().bindings;
    expect(bindings.find((b: { name: string }) => b.name === 'p1-audit')).toBeUndefined();
  });

  it('refuses bindings to subjects that do not exist and duplicate bindings', async () => {
    const body = (subject: object) => ({ name: 'ghost', role: 'player', subject });
    for (const subject of [
      { kind: 'user', id: '00000000-0000-4000-8000-000000000000' },
      { kind: 'user', id: 'not-a-uuid' },
      { kind: 'apiKey', id: 'AAAAAAAAAAAA' },
    ])
      expect(
        errorCode(await p.call('POST', '/v1/role-bindings', { token: admin.token, body: body(subject) })),
      ).toBe('NOT_FOUND');
    await bind(p, admin.token, 'studio-owner', player.userId);
    const dup = await p.call('POST', '/v1/role-bindings', {
      token: admin.token,
      body: { name: 'other-name', role: 'studio-owner', subject: { kind: 'user', id: player.userId } },
    });
    expect(errorCode(dup)).toBe('CONFLICT');
  });

  it('will not remove the last admin', async () => {
    const res = await p.call('DELETE', `/v1/role-bindings/admin-${admin.userId}`, { token: admin.token });
    expect(errorCode(res)).toBe('CONFLICT');
    expect((await p.call('GET', '/v1/admin/users', { token: admin.token })).statusCode).toBe(200);
  });
});

describe('the escalation rule', () => {
  it('refuses a player creating a role with permissions they lack', async () => {
    await bind(p, admin.token, 'studio-owner', (await p.signUp('owner1')).userId);
    const tries = [
      { resources: ['*'], verbs: ['*'] },
      { resources: ['users'], verbs: ['update'] },
      // Holding specific verbs on api-keys does not cover `*`.
      { resources: ['api-keys'], verbs: ['*'] },
      { resources: ['*'], verbs: ['get'] },
    ];
    // Give the player the right to create roles, but nothing else: they still cannot escalate.
    await p.call('POST', '/v1/roles', {
      token: admin.token,
      body: { name: 'role-maker', rules: [{ resources: ['roles', 'role-bindings'], verbs: ['create'] }] },
    });
    await p.call('POST', '/v1/role-bindings', {
      token: admin.token,
      body: { name: 'p1-role-maker', role: 'role-maker', subject: { kind: 'user', id: player.userId } },
    });
    for (const rule of tries) {
      const res = await p.call('POST', '/v1/roles', {
        token: player.token,
        body: { name: 'sneaky', rules: [rule] },
      });
      expect(res.statusCode, JSON.stringify(rule)).toBe(403);
      expect(errorCode(res)).toBe('ESCALATION_REFUSED');
    }
    // A role carrying only what the player holds is fine.
    const ok = await p.call('POST', '/v1/roles', {
      token: player.token,
      body: { name: 'ticket-maker', rules: [{ resources: ['tickets'], verbs: ['create'] }] },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses binding admin to oneself, but allows roles one holds `bind` on', async () => {
    // A plain player who may create bindings (player1 is a studio owner by now).
    const binder = await p.signUp('binder');
    await p.call('POST', '/v1/role-bindings', {
      token: admin.token,
      body: { name: 'binder-role-maker', role: 'role-maker', subject: { kind: 'user', id: binder.userId } },
    });
    const player = binder;
    const self = await p.call('POST', '/v1/role-bindings', {
      token: player.token,
      body: { name: 'me-admin', role: 'admin', subject: { kind: 'user', id: player.userId } },
    });
    expect(errorCode(self), self.body).toBe('ESCALATION_REFUSED');
    const group = await p.call('POST', '/v1/role-bindings', {
      token: player.token,
      body: { name: 'all-admin', role: 'admin', subject: { kind: 'group', id: 'system:authenticated' } },
    });
    expect(errorCode(group)).toBe('ESCALATION_REFUSED');
    // Players hold `bind` on community-server: they may give it to a key of theirs.
    const key = await makeKey(p, player.token, 'community-server');
    const ok = await p.call('POST', '/v1/role-bindings', {
      token: player.token,
      body: { name: 'key-cs', role: 'community-server', subject: { kind: 'apiKey', id: key.id } },
    });
    expect(ok.statusCode).toBe(201);
    const metrics = await p.call('POST', '/v1/role-bindings', {
      token: player.token,
      body: { name: 'key-mr', role: 'metrics-reporter', subject: { kind: 'apiKey', id: key.id } },
    });
    expect(errorCode(metrics)).toBe('ESCALATION_REFUSED');
    const audited = await p.db.query(
      "select 1 from audit_log where outcome = 'denied' and action like 'binding.%'",
    );
    expect(audited.length).toBeGreaterThanOrEqual(3);
  });
});

describe('access reviews (kubectl auth can-i)', () => {
  it('answers for myself, with the role that allows it', async () => {
    const yes = await p.call('POST', '/v1/access-reviews', {
      token: player.token,
      body: { verb: 'create', resource: 'tickets' },
    });
    expect(yes.json()).toEqual({ allowed: true, reason: 'allowed by role player' });
    const no = await p.call('POST', '/v1/access-reviews', {
      token: player.token,
      body: { verb: 'list', resource: 'audit' },
    });
    expect(no.json().allowed).toBe(false);
  });

  it('answers about others only for holders of subject-access-reviews', async () => {
    const other = await p.signUp('someone');
    const ask = (token: string, subject: object) =>
      p.call('POST', '/v1/access-reviews', { token, body: { subject, verb: 'list', resource: 'audit' } });
    expect(errorCode(await ask(player.token, { kind: 'user', id: other.userId }))).toBe('FORBIDDEN');
    expect((await ask(player.token, { kind: 'user', id: player.userId })).json().allowed).toBe(false);
    expect((await ask(admin.token, { kind: 'user', id: admin.userId })).json().allowed).toBe(true);
    expect((await ask(admin.token, { kind: 'user', id: other.userId })).json().allowed).toBe(false);
    const key = await makeKey(p, admin.token, 'metrics-reporter');
    const review = await p.call('POST', '/v1/access-reviews', {
      token: admin.token,
      body: { subject: { kind: 'apiKey', id: key.id }, verb: 'create', resource: 'metrics' },
    });
    expect(review.json()).toEqual({ allowed: true, reason: 'allowed by role metrics-reporter' });
    expect(errorCode(await ask(admin.token, { kind: 'apiKey', id: 'AAAAAAAAAAAA' }))).toBe('NOT_FOUND');
  });
});
