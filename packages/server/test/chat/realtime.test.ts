import { closeCodeOf } from '@parlor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatStore } from '../../src/chat/chat-store.js';
import { ChatSweeper } from '../../src/chat/chat-sweeper.js';
import { createLogger } from '../../src/platform/logger.js';
import { connectAs, openSocket } from '../support/realtime-client.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
let url: string;
beforeAll(async () => {
  p = await startTestParlor({
    PARLOR_CHAT_BURST: '100000',
    PARLOR_CHAT_MESSAGES_PER_SECOND: '10000',
    PARLOR_REALTIME_AUTH_TIMEOUT_MS: '300',
    PARLOR_REALTIME_SESSION_CHECK_MS: '20',
    PARLOR_REALTIME_HEARTBEAT_MS: '1000',
    PARLOR_REALTIME_MAX_PAYLOAD_BYTES: '4096',
    PARLOR_REALTIME_FRAMES_PER_SECOND: '5',
    PARLOR_PUBLIC_URL: 'https://parlor.example',
  });
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => p.stop());

const post = (token: string, channel: string, body: string, clientId = crypto.randomUUID()) =>
  p.call('POST', `/v1/channels/${channel}/messages`, { token, body: { body, clientId } });

describe('the realtime socket', () => {
  it('takes the token in the first frame and answers ready', async () => {
    const u = await p.signUp('rt_ready');
    const c = await openSocket(url);
    c.send({ type: 'ping', ref: 'early' });
    expect(await c.next('error')).toMatchObject({ code: 'AUTH_REQUIRED', ref: 'early' });
    c.send({ type: 'auth', token: u.token });
    expect(await c.next('ready')).toMatchObject({ userId: u.userId });
    c.send({ type: 'auth', token: u.token });
    expect((await c.next('error')).code).toBe('CONFLICT');
    c.send({ type: 'ping', ref: 'r1' });
    expect(await c.next('pong')).toEqual({ type: 'pong', ref: 'r1' });
    c.close();
  });

  it('closes on a bad token and when no token arrives in time', async () => {
    const bad = await openSocket(url);
    bad.send({ type: 'auth', token: 'pls_nope' });
    expect(await bad.next('closing')).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await bad.closed).code).toBe(closeCodeOf('UNAUTHENTICATED'));
    const silent = await openSocket(url);
    expect((await silent.closed).code).toBe(closeCodeOf('AUTH_TIMEOUT'));
  });

  it('checks the Origin of browsers', async () => {
    await expect(openSocket(url, { origin: 'https://evil.example' })).rejects.toThrow('403');
    const own = await openSocket(url, { origin: 'https://parlor.example' });
    const same = await openSocket(url, { origin: url });
    own.close();
    same.close();
  });

  it('delivers concurrent posts live in seq order, and resumes after a reconnect without gap or duplicate', async () => {
    const reader = await p.signUp('rt_reader');
    const posters = await Promise.all([1, 2, 3, 4].map((i) => p.signUp(`rt_poster${i}`)));
    const c = await connectAs(url, reader.token);
    c.send({ type: 'subscribe', channel: 'lobby', ref: 's' });
    const { lastSeq: start } = await c.next('subscribed');
    await Promise.all(
      posters.map(async (u, i) => {
        for (let n = 0; n < 15; n++)
          expect((await post(u.token, 'lobby', `p${i}-${n}`)).statusCode).toBe(201);
      }),
    );
    const expected = Array.from({ length: 60 }, (_, i) => start + 1 + i);
    await c.next('message', (f) => f.message.seq === start + 60);
    const live = c.frames.flatMap((f) => (f.type === 'message' ? [f.message.seq] : []));
    expect(live).toEqual(expected);

    // Drop the socket midway through the sequence and resume from the last seq seen.
    c.close();
    await c.closed;
    for (let n = 0; n < 10; n++) await post(posters[0]!.token, 'lobby', `offline-${n}`);
    const resumed = await connectAs(url, reader.token);
    resumed.send({ type: 'subscribe', channel: 'lobby', after: start + 30 });
    await resumed.next('subscribed');
    await post(posters[1]!.token, 'lobby', 'after resume');
    await resumed.next('message', (f) => f.message.body === 'after resume');
    const again = resumed.frames.flatMap((f) => (f.type === 'message' ? [f.message.seq] : []));
    expect(again).toEqual(Array.from({ length: 41 }, (_, i) => start + 31 + i));
    resumed.close();
  });

  it('pushes deletions, by the sender and by the sweeper', async () => {
    const a = await p.signUp('rt_del_a');
    const b = await p.signUp('rt_del_b');
    const c = await connectAs(url, b.token);
    c.send({ type: 'subscribe', channel: `dm:${a.userId}` });
    await c.next('subscribed');
    const first = (await post(a.token, `dm:${b.userId}`, 'oops')).json();
    await c.next('message', (f) => f.message.seq === first.seq);
    await p.call('DELETE', `/v1/channels/dm:${b.userId}/messages/${first.seq}`, { token: a.token });
    expect(await c.next('message_deleted')).toEqual({
      type: 'message_deleted',
      channel: `dm:${a.userId}`,
      seq: first.seq,
    });

    const res = await p.call('POST', `/v1/channels/dm:${b.userId}/messages`, {
      token: a.token,
      body: { body: 'brief', clientId: 'brief-1', ttlSeconds: 5 },
    });
    await c.next('message', (f) => f.message.body === 'brief' && f.message.expiresAt !== null);
    p.clock.advance(5_000);
    const sweeper = new ChatSweeper({
      store: new ChatStore(p.db),
      bus: p.adapters.bus,
      clock: p.clock,
      logger: createLogger('silent'),
      tombstoneMs: 0,
    });
    await sweeper.sweep();
    expect((await c.next('message_deleted', (f) => f.seq === res.json().seq)).seq).toBe(2);
    c.close();
  });

  it('does not deliver a blocked sender’s lobby messages to the blocker', async () => {
    const a = await p.signUp('rt_blocker');
    const b = await p.signUp('rt_blockee');
    const c = await connectAs(url, a.token);
    c.send({ type: 'subscribe', channel: 'lobby' });
    await c.next('subscribed');
    await p.call('POST', '/v1/blocks', { token: a.token, body: { userId: b.userId } });
    // The socket learns of the block through the bus; wait until a probe shows it has.
    await post(b.token, 'lobby', 'hidden?');
    await post(a.token, 'lobby', 'marker');
    await c.next('message', (f) => f.message.body === 'marker');
    expect(c.frames.some((f) => f.type === 'message' && f.message.senderId === b.userId)).toBe(false);
    c.close();
  });
});

describe('sockets end with their session', () => {
  it('logout closes that session’s socket, not the user’s other ones', async () => {
    const u = await p.signUp('rt_logout');
    const other = (
      await p.call('POST', '/v1/sessions', { body: { username: 'rt_logout', password: PASSWORD } })
    ).json().token as string;
    const c1 = await connectAs(url, u.token);
    const c2 = await connectAs(url, other);
    expect((await p.call('DELETE', '/v1/sessions/current', { token: u.token })).statusCode).toBe(204);
    expect((await c1.closed).code).toBe(closeCodeOf('SESSION_ENDED'));
    c2.send({ type: 'ping', ref: 'still' });
    expect(await c2.next('pong')).toMatchObject({ ref: 'still' });
    c2.close();
  });

  it('admin deauthentication and disabling close every socket of the user', async () => {
    const admin = await p.admin('rt_admin');
    const u = await p.signUp('rt_victim');
    const sockets = await Promise.all([1, 2, 3].map(() => connectAs(url, u.token)));
    const started = performance.now();
    await p.call('POST', `/v1/admin/users/${u.userId}/deauthenticate`, { token: admin.token });
    const codes = await Promise.all(sockets.map((s) => s.closed.then((c) => c.code)));
    expect(codes).toEqual([
      closeCodeOf('SESSION_ENDED'),
      closeCodeOf('SESSION_ENDED'),
      closeCodeOf('SESSION_ENDED'),
    ]);
    console.log(`deauthentication closed 3 sockets after ${(performance.now() - started).toFixed(1)} ms`);

    const again = (
      await p.call('POST', '/v1/sessions', { body: { username: 'rt_victim', password: PASSWORD } })
    ).json();
    const s = await connectAs(url, again.token);
    await p.call('PATCH', `/v1/admin/users/${u.userId}`, { token: admin.token, body: { disabled: true } });
    expect((await s.closed).code).toBe(closeCodeOf('SESSION_ENDED'));
  });

  it('closes a socket when its session expires', async () => {
    const u = await p.signUp('rt_expiry');
    const c = await connectAs(url, u.token);
    p.clock.advance(12 * 3_600_000);
    expect((await c.closed).code).toBe(closeCodeOf('SESSION_EXPIRED'));
  });
});

describe('abuse', () => {
  it('answers bad frames with a clear error and closes after repeated abuse', async () => {
    const u = await p.signUp('rt_abuser');
    const c = await connectAs(url, u.token);
    c.sendRaw('not json');
    expect(await c.next('error')).toMatchObject({ code: 'BAD_FRAME' });
    c.send({ type: 'subscribe', channel: 'nowhere', ref: 'x' });
    expect(await c.next('error')).toMatchObject({ code: 'BAD_FRAME', ref: 'x' });
    c.sendRaw(Buffer.from([1, 2, 3]));
    expect(await c.next('error')).toMatchObject({ code: 'BAD_FRAME' });
    for (let i = 0; i < 20; i++) c.send({ type: 'launch_missiles' });
    expect((await c.closed).code).toBe(closeCodeOf('POLICY_VIOLATION'));
  });

  it('caps the frame rate per connection', async () => {
    const u = await p.signUp('rt_flooder');
    const c = await connectAs(url, u.token);
    for (let i = 0; i < 30; i++) c.send({ type: 'ping' });
    expect((await c.next('error')).code).toBe('RATE_LIMITED');
    expect((await c.closed).code).toBe(closeCodeOf('POLICY_VIOLATION'));
  });

  it('caps the frame size', async () => {
    const u = await p.signUp('rt_big');
    const c = await connectAs(url, u.token);
    c.send({ type: 'ping', ref: 'x'.repeat(5000) });
    expect((await c.closed).code).toBe(closeCodeOf('PAYLOAD_TOO_LARGE'));
  });

  it('cuts off a peer that stops answering pings', async () => {
    const u = await p.signUp('rt_dead');
    const c = await openSocket(url, { autoPong: false });
    c.send({ type: 'auth', token: u.token });
    await c.next('ready');
    expect((await c.closed).code).toBe(1006);
  });
});

describe('presence', () => {
  it('shows people you share a DM with come and go, and answers GET /v1/presence', async () => {
    const a = await p.signUp('pr_a');
    const b = await p.signUp('pr_b');
    const watcher = await connectAs(url, a.token);
    watcher.send({ type: 'subscribe', channel: `dm:${b.userId}` });
    expect(await watcher.next('presence')).toMatchObject({ userId: b.userId, online: false });
    const bs = await connectAs(url, b.token);
    expect(await watcher.next('presence', (f) => f.online)).toMatchObject({ userId: b.userId, games: [] });
    const res = await p.call('GET', `/v1/presence?users=${b.userId},${a.userId}`, { token: a.token });
    expect(res.json().users).toEqual([
      { userId: b.userId, online: true, games: [], username: 'pr_b' },
      { userId: a.userId, online: true, games: [], username: 'pr_a' },
    ]);
    bs.close();
    expect(await watcher.next('presence', (f) => !f.online)).toMatchObject({ userId: b.userId });
    watcher.close();
  });
});
