import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatStore } from '../../src/chat/chat-store.js';
import { ChatSweeper } from '../../src/chat/chat-sweeper.js';
import { createLogger } from '../../src/platform/logger.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_CHAT_BURST: '100000', PARLOR_CHAT_MESSAGES_PER_SECOND: '10000' });
});
afterAll(() => p.stop());

const post = (token: string, channel: string, body: unknown) =>
  p.call('POST', `/v1/channels/${channel}/messages`, { token, body });
const list = async (token: string, channel: string, after = 0, limit = 200) => {
  const res = await p.call('GET', `/v1/channels/${channel}/messages?after=${after}&limit=${limit}`, {
    token,
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { messages: { seq: number; body: string; senderId: string }[]; lastSeq: number };
};

describe('chat over HTTP', () => {
  it('orders concurrent posters into one gapless sequence that every reader sees and can resume', async () => {
    const posters = await Promise.all([1, 2, 3, 4, 5].map((i) => p.signUp(`poster${i}`)));
    const acks = await Promise.all(
      posters.map(async (u, i) => {
        const seqs: number[] = [];
        for (let n = 0; n < 40; n++) {
          const res = await post(u.token, 'lobby', { body: `p${i} m${n}`, clientId: `c-${i}-${n}` });
          expect(res.statusCode).toBe(201);
          seqs.push(res.json().seq);
        }
        return seqs;
      }),
    );
    for (const seqs of acks) expect([...seqs].sort((a, b) => a - b)).toEqual(seqs); // each poster's order kept
    const all = acks.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => all[0]! + i));

    const first = all[0]! - 1;
    for (const reader of posters) {
      const page = await list(reader.token, 'lobby', first);
      expect(page.messages.map((m) => m.seq)).toEqual(all);
    }
    const middle = all[99]!;
    const resumed = await list(posters[0]!.token, 'lobby', middle);
    expect(resumed.messages.map((m) => m.seq)).toEqual(all.slice(100));
    // Paging in small steps gives the same sequence.
    const paged: number[] = [];
    let after = first;
    for (;;) {
      const page = await list(posters[1]!.token, 'lobby', after, 7);
      if (page.messages.length === 0) break;
      paged.push(...page.messages.map((m) => m.seq));
      after = page.messages.at(-1)!.seq;
    }
    expect(paged).toEqual(all);
  });

  it('treats a retry with the same clientId as the same message', async () => {
    const u = await p.signUp('retrier');
    const first = await post(u.token, 'lobby', { body: 'once', clientId: 'retry-1' });
    expect(first.statusCode).toBe(201);
    const again = await Promise.all(
      [1, 2, 3].map(() => post(u.token, 'lobby', { body: 'once', clientId: 'retry-1' })),
    );
    for (const res of again) {
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(first.json());
    }
    const clash = await post(u.token, 'lobby', { body: 'different', clientId: 'retry-1' });
    expect(clash.statusCode).toBe(409);
    const page = await list(u.token, 'lobby', first.json().seq - 1);
    expect(page.messages.filter((m) => m.body === 'once')).toHaveLength(1);
  });

  it('idempotency survives deletion: the retry learns the message is gone', async () => {
    const u = await p.signUp('deleter');
    const res = await post(u.token, 'lobby', { body: 'regret', clientId: 'gone-1' });
    expect(
      (await p.call('DELETE', `/v1/channels/lobby/messages/${res.json().seq}`, { token: u.token }))
        .statusCode,
    ).toBe(204);
    const retry = await post(u.token, 'lobby', { body: 'regret', clientId: 'gone-1' });
    expect(retry.statusCode).toBe(410);
    expect(retry.json().error.code).toBe('MESSAGE_GONE');
  });

  it('lets the sender or an admin delete, nobody else', async () => {
    const admin = await p.admin('chat_admin');
    const a = await p.signUp('author');
    const b = await p.signUp('bystander');
    const seq = (await post(a.token, 'lobby', { body: 'hello', clientId: 'del-1' })).json().seq;
    const denied = await p.call('DELETE', `/v1/channels/lobby/messages/${seq}`, { token: b.token });
    expect(denied.statusCode).toBe(403);
    expect(
      (await p.call('DELETE', `/v1/channels/lobby/messages/${seq}`, { token: admin.token })).statusCode,
    ).toBe(204);
    expect(
      (await p.call('DELETE', `/v1/channels/lobby/messages/${seq}`, { token: a.token })).statusCode,
    ).toBe(404);
    expect((await list(b.token, 'lobby', seq - 1)).messages.some((m) => m.seq === seq)).toBe(false);
    const audit = await p.db.query<{ action: string }>(
      `select action from audit_log where action = 'chat.message.remove'`,
    );
    expect(audit).toHaveLength(1);
  });

  it('names a direct channel from each side and keeps it to the two of them', async () => {
    const a = await p.signUp('dm_a');
    const b = await p.signUp('dm_b');
    const c = await p.signUp('dm_c');
    const sent = await post(a.token, `dm:${b.userId}`, { body: 'psst', clientId: 'dm-1' });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({
      channel: `dm:${b.userId}`,
      seq: 1,
      body: 'psst',
      senderName: 'dm_a',
    });
    const seen = await list(b.token, `dm:${a.userId}`);
    expect(seen.messages).toMatchObject([{ seq: 1, body: 'psst', channel: `dm:${a.userId}` }]);
    expect((await list(c.token, `dm:${a.userId}`)).messages).toEqual([]);
    expect((await post(a.token, `dm:${a.userId}`, { body: 'me', clientId: 'x' })).statusCode).toBe(400);
    const nobody = await post(a.token, `dm:${crypto.randomUUID()}`, { body: 'hi', clientId: 'x' });
    expect(nobody.statusCode).toBe(404);
  });

  it('keeps game channels to their players', async () => {
    const u = await p.signUp('outsider');
    const res = await post(u.token, `game:${crypto.randomUUID()}`, { body: 'let me in', clientId: 'g-1' });
    expect(res.statusCode).toBe(403);
  });

  it('blocks: no DMs either way, and the blocker stops seeing lobby messages', async () => {
    const a = await p.signUp('blocker');
    const b = await p.signUp('blockee');
    expect(
      (await p.call('POST', '/v1/blocks', { token: a.token, body: { userId: b.userId } })).statusCode,
    ).toBe(204);
    expect((await p.call('GET', '/v1/blocks', { token: a.token })).json().blocks).toMatchObject([
      { userId: b.userId, username: 'blockee' },
    ]);
    const dm = await post(b.token, `dm:${a.userId}`, { body: 'hey', clientId: 'b-1' });
    expect(dm.statusCode).toBe(403);
    expect(dm.json().error.code).toBe('BLOCKED');
    expect((await post(a.token, `dm:${b.userId}`, { body: 'hey', clientId: 'b-2' })).statusCode).toBe(403);
    const seq = (await post(b.token, 'lobby', { body: 'from blockee', clientId: 'b-3' })).json().seq;
    expect((await list(a.token, 'lobby', seq - 1)).messages).toEqual([]);
    expect((await list(b.token, 'lobby', seq - 1)).messages).toHaveLength(1);
    expect((await p.call('DELETE', `/v1/blocks/${b.userId}`, { token: a.token })).statusCode).toBe(204);
    expect((await list(a.token, 'lobby', seq - 1)).messages).toHaveLength(1);
    expect(
      (await p.call('POST', '/v1/blocks', { token: a.token, body: { userId: a.userId } })).statusCode,
    ).toBe(400);
  });

  it('hides expired messages at once and purges them with the sweeper', async () => {
    const a = await p.signUp('ephemeral');
    const b = await p.signUp('ephemeral_b');
    const dm = `dm:${b.userId}`;
    const short = await post(a.token, dm, { body: 'ten seconds', clientId: 't-1', ttlSeconds: 10 });
    expect(short.json().expiresAt).not.toBeNull();
    expect(
      (
        await p.call('PUT', `/v1/channels/${dm}/settings`, { token: a.token, body: { ttlSeconds: 60 } })
      ).json(),
    ).toEqual({
      channel: dm,
      ttlSeconds: 60,
    });
    await post(a.token, dm, { body: 'a minute', clientId: 't-2' });
    await post(a.token, dm, { body: 'a day', clientId: 't-3', ttlSeconds: 86_400 });
    expect((await list(b.token, `dm:${a.userId}`)).messages.map((m) => m.body)).toEqual([
      'ten seconds',
      'a minute',
      'a day',
    ]);

    p.clock.advance(10_000);
    expect((await list(b.token, `dm:${a.userId}`)).messages.map((m) => m.body)).toEqual([
      'a minute',
      'a day',
    ]);
    p.clock.advance(50_000);
    expect((await list(b.token, `dm:${a.userId}`)).messages.map((m) => m.body)).toEqual(['a day']);

    const sealed = () =>
      p.db.query<{ seq: number; body_sealed: unknown }>(
        `select seq, body_sealed from chat_messages where channel_id like 'dm:%' and sender_id = $1 order by seq`,
        [a.userId],
      );
    expect((await sealed()).filter((r) => r.body_sealed !== null)).toHaveLength(3);
    const sweeper = new ChatSweeper({
      store: new ChatStore(p.db),
      bus: p.adapters.bus,
      clock: p.clock,
      logger: createLogger('silent'),
      tombstoneMs: 3_600_000,
    });
    expect(await sweeper.sweep()).toBe(2);
    expect((await sealed()).map((r) => r.body_sealed !== null)).toEqual([false, false, true]);
    p.clock.advance(3_600_001);
    await sweeper.sweep();
    expect((await sealed()).map((r) => r.seq)).toEqual([3]);
  });

  it('refuses what the schemas refuse, with field-level issues', async () => {
    const u = await p.signUp('validator');
    const cases: unknown[] = [
      {},
      { body: '', clientId: 'x' },
      { body: '   ', clientId: 'x' },
      { body: 'x'.repeat(2001), clientId: 'x' },
      { body: 'hi', clientId: 'has space' },
      { body: 'hi', clientId: 'x', ttlSeconds: 0 },
      { body: 'hi', clientId: 'x', extra: true },
    ];
    for (const body of cases) {
      const res = await post(u.token, 'lobby', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await post(u.token, 'nowhere', { body: 'hi', clientId: 'x' })).statusCode).toBe(400);
    expect(
      (await p.call('GET', '/v1/channels/lobby/messages?limit=1000', { token: u.token })).statusCode,
    ).toBe(400);
    expect((await post('', 'lobby', { body: 'hi', clientId: 'x' })).statusCode).toBe(401);
  });
});

describe('chat rate limit', () => {
  let q: TestParlor;
  beforeAll(async () => {
    q = await startTestParlor({ PARLOR_CHAT_BURST: '3', PARLOR_CHAT_MESSAGES_PER_SECOND: '1' });
  });
  afterAll(() => q.stop());

  it('allows a burst, then answers RATE_LIMITED with retryAfterSeconds', async () => {
    const u = await q.signUp('chatty');
    const codes: number[] = [];
    let limited: { error: { code: string; retryAfterSeconds?: number } } | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await q.call('POST', '/v1/channels/lobby/messages', {
        token: u.token,
        body: { body: `m${i}`, clientId: `r${i}` },
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        limited = res.json();
        expect(res.headers['retry-after']).toBeDefined();
      }
    }
    expect(codes.slice(0, 3)).toEqual([201, 201, 201]);
    expect(codes.slice(3)).toEqual([429, 429]);
    expect(limited?.error.code).toBe('RATE_LIMITED');
    expect(limited?.error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another user is not affected.
    const other = await q.signUp('quiet');
    const res = await q.call('POST', '/v1/channels/lobby/messages', {
      token: other.token,
      body: { body: 'hi', clientId: 'q' },
    });
    expect(res.statusCode).toBe(201);
  });
});
