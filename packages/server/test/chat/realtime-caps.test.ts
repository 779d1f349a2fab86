import { Writable } from 'node:stream';
import { closeCodeOf } from '@parlor/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { connectAs, openSocket, type RealtimeClient } from '../support/realtime-client.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

const lines: { level: number }[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let p: TestParlor;
let url: string;
beforeAll(async () => {
  p = await startTestParlor(
    {
      PARLOR_REALTIME_SOCKETS_PER_USER: '3',
      PARLOR_REALTIME_SOCKETS_PER_ADDRESS: '12',
      PARLOR_REALTIME_QUEUED_FRAMES_PER_USER: '4',
      PARLOR_REALTIME_FRAMES_PER_SECOND: '10000',
      PARLOR_REALTIME_MAX_PAYLOAD_BYTES: '1024',
    },
    { logger: createLogger('info', sink) },
  );
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => p.stop());

/** Opens a socket and signs in; resolves with how it went (ready, or the close code). */
async function trySignIn(token: string): Promise<{ client: RealtimeClient; ready: boolean }> {
  const client = await openSocket(url);
  client.send({ type: 'auth', token });
  const ready = await Promise.race([
    client.next('ready').then(() => true),
    client.closed.then(() => false),
  ]).catch(() => false);
  return { client, ready };
}

const closeAll = async (clients: RealtimeClient[]) => {
  for (const c of clients) c.close();
  await Promise.all(clients.map((c) => c.closed));
  // The server sees the closes a moment later.
  await new Promise((r) => setTimeout(r, 100));
};

const metric = async (reason: string) => {
  const text = (await p.call('GET', '/metrics')).body;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`parlor_realtime_bad_input_total{reason="${reason}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

describe('realtime socket caps', () => {
  it('a user gets at most PARLOR_REALTIME_SOCKETS_PER_USER sockets; the next is closed 4029', async () => {
    const { token } = await p.signUp('cap_user');
    const open = [await connectAs(url, token), await connectAs(url, token), await connectAs(url, token)];
    const extra = await trySignIn(token);
    expect(extra.ready).toBe(false);
    expect((await extra.client.closed).code).toBe(closeCodeOf('TOO_MANY_SOCKETS'));
    expect(extra.client.frames).toContainEqual(
      expect.objectContaining({ type: 'closing', code: 'TOO_MANY_SOCKETS' }),
    );
    // Closing one makes room again.
    open[0]!.close();
    await open[0]!.closed;
    await new Promise((r) => setTimeout(r, 100));
    const again = await trySignIn(token);
    expect(again.ready).toBe(true);
    await closeAll([...open.slice(1), again.client]);
  });

  it('parallel sign-ins of one user cannot get past the per-user cap', async () => {
    const { token } = await p.signUp('cap_parallel');
    const tries = await Promise.all(Array.from({ length: 10 }, () => trySignIn(token)));
    expect(tries.filter((t) => t.ready)).toHaveLength(3);
    await closeAll(tries.map((t) => t.client));
  });

  it('an address gets at most PARLOR_REALTIME_SOCKETS_PER_ADDRESS sockets, signed in or not', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => openSocket(url)));
    const opened = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    // Refused at the upgrade (429), or closed 4029 by the count taken once upgraded.
    await new Promise((r) => setTimeout(r, 200));
    const alive = opened.filter((c) => c.ws.readyState === WebSocket.OPEN);
    expect(alive.length).toBeLessThanOrEqual(12);
    expect(attempts.length - alive.length).toBeGreaterThanOrEqual(8);
    const refused = attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult | undefined;
    if (refused) expect(String(refused.reason)).toContain('429');
    expect(await metric('too_many_sockets')).toBeGreaterThan(0);
    await closeAll(opened);
    // Room again once they are closed.
    const later = await openSocket(url);
    later.close();
  });

  it("a user's queued frames are bounded: a flood is refused RATE_LIMITED, not queued", async () => {
    const { token } = await p.signUp('cap_flood');
    const c = await connectAs(url, token);
    for (let i = 0; i < 9; i++) c.send({ type: 'subscribe', channel: 'lobby', ref: `s${i}` });
    await c.next('error', (f) => f.code === 'RATE_LIMITED');
    const refused = c.frames.filter((f) => f.type === 'error' && f.code === 'RATE_LIMITED');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThan(9);
    // It keeps serving once the queue drains: every admitted frame is answered, then a new one is.
    for (let i = 0; i < 9 - refused.length; i++) await c.next('subscribed');
    c.send({ type: 'ping', ref: 'later' });
    await c.next('pong', (f) => f.ref === 'later');
    c.close();
  });
});

describe('bad frames from strangers', () => {
  it('oversized and invalid-UTF-8 frames are closed, counted in /metrics, and never logged as errors', async () => {
    const tooBig = await metric('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    const badUtf8 = await metric('WS_ERR_INVALID_UTF8');
    for (let i = 0; i < 5; i++) {
      const big = await openSocket(url);
      big.sendRaw('x'.repeat(4096));
      expect((await big.closed).code).toBe(1009);
      const invalid = await openSocket(url);
      invalid.ws.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false });
      expect((await invalid.closed).code).toBe(1007);
    }
    expect(await metric('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')).toBe(tooBig + 5);
    expect(await metric('WS_ERR_INVALID_UTF8')).toBe(badUtf8 + 5);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
