import { ClientFrame, type ServerFrame, ServerFrame as ServerFrameSchema } from '@parlor/protocol';
import fc from 'fast-check';
import { hostileJson, hostileString } from '../support/hostile-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/realtime/connection.js';
import { RealtimeSession } from '../../src/realtime/realtime-session.js';
import { connectAs } from '../support/realtime-client.js';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
let url: string;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_REALTIME_FRAMES_PER_SECOND: '10000' });
  url = await p.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => p.stop());

/** Frames that look almost right: valid types with wrong fields, wrong types with valid fields. */
const nearlyFrames = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('auth', 'subscribe', 'unsubscribe', 'ping', 'post', '', 'AUTH'),
      token: fc.oneof(fc.string(), hostileString(), fc.integer(), fc.constant(null)),
      channel: fc.oneof(fc.constantFrom('lobby', 'dm:x', 'game:', `dm:${crypto.randomUUID()}`), fc.string()),
      after: fc.oneof(fc.integer(), fc.double(), fc.string()),
      ref: fc.oneof(fc.string({ maxLength: 80 }), hostileString({ maxLength: 80 }), fc.integer()),
    },
    { requiredKeys: ['type'] },
  ),
  fc.jsonValue(),
  hostileJson(),
);
const rawFrames = fc.oneof(
  nearlyFrames.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.string({ unit: 'binary' }),
);

describe('random frames', () => {
  it('never throw inside the session; every reply is a valid server frame', async () => {
    const { token } = await p.signUp('fuzz_session');
    // Sessions on the server's own context, behind a recording Connection: fast, and the
    // same code path as a socket from the first byte of a frame on.
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(rawFrames, { maxLength: 15 }), async (authFirst, frames) => {
        const sent: ServerFrame[] = [];
        let closedWith: number | undefined;
        const conn: Connection = {
          id: crypto.randomUUID(),
          send: (f) => sent.push(f),
          close: (code) => (closedWith = code),
        };
        const session = new RealtimeSession(conn, p.realtime.context);
        if (authFirst) session.receive(JSON.stringify({ type: 'auth', token }));
        for (const f of frames) session.receive(f);
        await new Promise((r) => setTimeout(r, 5));
        session.closed();
        for (const f of sent) expect(ServerFrameSchema.safeParse(f).success, JSON.stringify(f)).toBe(true);
        const errors = sent.filter((f) => f.type === 'error');
        for (const e of errors) expect(e.code).toMatch(/^[A-Z_]+$/);
        if (closedWith === undefined && !authFirst) {
          const invalid = frames.filter((f) => !isValid(f));
          expect(errors.length).toBeGreaterThanOrEqual(Math.min(invalid.length, 1));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('over a real socket: the node answers every bad frame and keeps serving', async () => {
    const { token } = await p.signUp('fuzz_socket');
    await fc.assert(
      fc.asyncProperty(rawFrames, async (raw) => {
        const c = await connectAs(url, token);
        c.sendRaw(raw);
        c.send({ type: 'ping', ref: 'after' });
        await c.next('pong', (f) => f.ref === 'after');
        if (!isValid(raw)) expect(c.frames.some((f) => f.type === 'error')).toBe(true);
        c.close();
      }),
      { numRuns: 40 },
    );
    expect((await p.call('GET', '/healthz')).statusCode).toBe(200);
  });
});

/** One arbitrary per client frame type, each producing only valid frames of that type. */
const validFrames: { [K in ClientFrame['type']]: fc.Arbitrary<Extract<ClientFrame, { type: K }>> } = {
  auth: fc.record({ type: fc.constant('auth'), token: fc.string({ minLength: 1, maxLength: 512 }) }),
  subscribe: fc.record(
    {
      type: fc.constant('subscribe'),
      channel: fc.oneof(
        fc.constant('lobby'),
        fc.uuid().map((u) => `dm:${u}`),
        fc.uuid().map((u) => `game:${u}`),
      ),
      after: fc.nat(),
      ref: fc.string({ minLength: 1, maxLength: 64 }),
    },
    { requiredKeys: ['type', 'channel'] },
  ),
  unsubscribe: fc.record(
    {
      type: fc.constant('unsubscribe'),
      channel: fc.constant('lobby'),
      ref: fc.string({ minLength: 1, maxLength: 64 }),
    },
    { requiredKeys: ['type', 'channel'] },
  ),
  ping: fc.record(
    { type: fc.constant('ping'), ref: fc.string({ minLength: 1, maxLength: 64 }) },
    { requiredKeys: ['type'] },
  ),
};

describe('every client frame type', () => {
  it('accepts its valid frames without BAD_FRAME, before and after auth', async () => {
    const { token } = await p.signUp('fuzz_valid');
    await fc.assert(
      fc.asyncProperty(fc.oneof(...Object.values(validFrames)), async (frame) => {
        expect(ClientFrame.safeParse(frame).success).toBe(true);
        const sent: ServerFrame[] = [];
        const conn: Connection = { id: crypto.randomUUID(), send: (f) => sent.push(f), close: () => {} };
        const session = new RealtimeSession(conn, p.realtime.context);
        if (frame.type !== 'auth') {
          session.receive(JSON.stringify({ type: 'auth', token }));
        }
        session.receive(JSON.stringify(frame));
        await new Promise((r) => setTimeout(r, 5));
        session.closed();
        expect(sent.filter((f) => f.type === 'error' && f.code === 'BAD_FRAME')).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

function isValid(raw: string): boolean {
  try {
    return ClientFrame.safeParse(JSON.parse(raw)).success;
  } catch {
    return false;
  }
}
