import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsStore } from '../src/identity/accounts-store.js';
import { TicketSecrets } from '../src/identity/ticket-secrets.js';
import { ServerKey } from '../src/platform/server-key.js';
import { sealTicket } from '../src/tickets/ticket-codec.js';
import { errorCode, makeKey } from './support/credentials.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let alice: { token: string; userId: string };
let serverA: { id: string; key: string };
let serverB: { id: string; key: string };
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200' });
  alice = await p.signUp('alice');
  const operator = await p.signUp('operator');
  serverA = await makeKey(p, operator.token, 'community-server', { name: 'server A' });
  serverB = await makeKey(p, operator.token, 'community-server', { name: 'server B' });
});
afterAll(() => p.stop());

const ticketFor = async (server: string, token = alice.token) => {
  const res = await p.call('POST', '/v1/tickets', { token, body: { server } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { ticket: string; expiresAt: string };
};
const verify = (key: string, ticket: string, server?: string) =>
  p.call('POST', '/v1/tickets/verify', { token: key, body: { ticket, ...(server ? { server } : {}) } });

describe('join tickets (seed 003)', () => {
  it('tells the server it was made for which user it is, once', async () => {
    const { ticket, expiresAt } = await ticketFor(serverA.id);
    expect(ticket).toMatch(/^plt_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(expiresAt) - p.clock.now().getTime()).toBe(30_000);
    const ok = await verify(serverA.key, ticket, serverA.id);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ userId: alice.userId, username: 'alice' });

    const again = await verify(serverA.key, ticket);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('TICKET_REPLAYED');
  });

  it('refuses a ticket made for another server, without burning it', async () => {
    const { ticket } = await ticketFor(serverA.id);
    const wrong = await verify(serverB.key, ticket);
    expect(wrong.statusCode).toBe(403);
    expect(errorCode(wrong)).toBe('TICKET_WRONG_SERVER');
    // A server cannot claim to be another one either.
    expect(errorCode(await verify(serverB.key, ticket, serverA.id))).toBe('TICKET_WRONG_SERVER');
    expect((await verify(serverA.key, ticket)).statusCode).toBe(200);
  });

  it('expires after 30 seconds', async () => {
    const { ticket } = await ticketFor(serverA.id);
    p.clock.advance(29_999);
    const fresh = await ticketFor(serverA.id);
    p.clock.advance(1);
    const res = await verify(serverA.key, ticket);
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('TICKET_EXPIRED');
    expect((await verify(serverA.key, fresh.ticket)).statusCode).toBe(200);
  });

  it('refuses tampered tickets', async () => {
    const { ticket } = await ticketFor(serverA.id);
    const [body, mac] = ticket.slice(4).split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const bob = await p.signUp('bob');
    const forged = [
      `plt_${Buffer.from(JSON.stringify({ ...payload, u: bob.userId })).toString('base64url')}.${mac}`,
      `plt_${Buffer.from(JSON.stringify({ ...payload, e: payload.e + 3_600_000 })).toString('base64url')}.${mac}`,
      `plt_${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      `plt_${body}.`,
      ticket.slice(4),
      'plt_e30.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'garbage',
    ];
    for (const t of forged) {
      const res = await verify(serverA.key, t);
      expect(res.statusCode, t).toBe(422);
      expect(errorCode(res)).toBe('TICKET_INVALID');
    }
    expect((await verify(serverA.key, ticket)).statusCode).toBe(200);
  });

  it("refuses a ticket MAC'd with another user's secret", async () => {
    const mallory = await p.signUp('mallory');
    // Ticket secrets are sealed at rest; the store opens them with the server's key.
    const accounts = new AccountsStore(
      p.db,
      new TicketSecrets(
        ServerKey.load({ configured: p.config.secretsKey, dataDir: p.dataDir }).derive('ticket-secrets'),
      ),
    );
    const row = { ticket_secret: (await accounts.withTicketSecret(mallory.userId))!.ticketSecret };
    const claims = { userId: alice.userId, server: serverA.id, expiresAt: p.clock.now().getTime() + 30_000 };
    const forged = sealTicket(row.ticket_secret, { ...claims, nonce: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(errorCode(await verify(serverA.key, forged))).toBe('TICKET_INVALID');
    // The same claims sealed with alice's own secret are fine: the key is what matters.
    const own = { ticket_secret: (await accounts.withTicketSecret(alice.userId))!.ticketSecret };
    expect(
      (
        await verify(
          serverA.key,
          sealTicket(own.ticket_secret, { ...claims, nonce: 'BBBBBBBBBBBBBBBBBBBBBB' }),
        )
      ).statusCode,
    ).toBe(200);
  });

  it('lets only one of two racing servers use a ticket', async () => {
    const { ticket } = await ticketFor(serverA.id);
    const results = await Promise.all([verify(serverA.key, ticket), verify(serverA.key, ticket)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('audits failed verifications and purges used nonces once their tickets are long dead', async () => {
    const failures = await p.db.query(
      "select 1 from audit_log where action = 'ticket.verify' and outcome = 'failure'",
    );
    expect(failures.length).toBeGreaterThan(5);
    const before = await p.db.query('select 1 from used_ticket_nonces');
    expect(before.length).toBeGreaterThan(0);
    await p.sweep();
    expect((await p.db.query('select 1 from used_ticket_nonces')).length).toBe(before.length);
    p.clock.advance(6 * 60_000);
    await p.sweep();
    expect(await p.db.query('select 1 from used_ticket_nonces')).toEqual([]);
  });
});

describe('ticket secrets at rest', () => {
  it('are stored sealed, never as the secret itself', async () => {
    const p2 = await startTestParlor();
    try {
      await p2.signUp('sealed_secret');
      const [row] = await p2.db.query<{ ticket_secret: string }>(
        "select ticket_secret from users where username = 'sealed_secret'",
      );
      expect(row.ticket_secret).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    } finally {
      await p2.stop();
    }
  });
});
