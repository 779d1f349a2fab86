import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCodeOf, decodeFrame, encodeFrame } from '@parlor/protocol';
import type { WebSocket } from 'ws';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Sends one frame on a fresh socket; returns what came back and the close code. */
async function firstFrame(
  harness: Harness,
  frame: Uint8Array | string,
): Promise<{ received: Buffer[]; code: number }> {
  const ws: WebSocket = await harness.rawSocket();
  const received: Buffer[] = [];
  ws.on('message', (data) => void received.push(data as Buffer));
  const code = new Promise<number>((resolve) => ws.once('close', resolve));
  ws.send(frame);
  return { received, code: await code };
}

describe('handshake with a recording control-plane stub', () => {
  it('closes a socket that sends garbage first, answering less than it received', async () => {
    h = await startHarness();
    const tiny = await firstFrame(h, Buffer.from([0x01]));
    expect(tiny).toEqual({ received: [], code: closeCodeOf('BAD_FRAME') });
    const text = await firstFrame(h, 'hello');
    expect(text.code).toBe(closeCodeOf('BAD_FRAME'));
    const big = Buffer.alloc(200, 0xc1);
    const answer = await firstFrame(h, big);
    expect(answer.code).toBe(closeCodeOf('BAD_FRAME'));
    for (const frame of answer.received) expect(frame.length).toBeLessThan(big.length);
  });

  it('refuses a forged hello without allocating a slot', async () => {
    h = await startHarness();
    const forged = encodeFrame({ type: 'hello', token: 'A'.repeat(120) });
    const { received, code } = await firstFrame(h, forged);
    expect(code).toBe(closeCodeOf('TOKEN_INVALID'));
    expect(received.length).toBeLessThanOrEqual(1);
    if (received[0]) expect(decodeFrame(received[0])).toEqual({ type: 'closing', code: 'TOKEN_INVALID' });
    expect(h.server.room.summary().players).toBe(0);
  });

  it('refuses an unknown resume token', async () => {
    h = await startHarness();
    const { code } = await firstFrame(h, encodeFrame({ type: 'resume', token: 'x'.repeat(43) }));
    expect(code).toBe(closeCodeOf('RESUME_INVALID'));
  });

  it('closes a socket that sends nothing before the hello deadline', async () => {
    h = await startHarness({ config: { limits: { helloTimeoutMs: 30 } } });
    const ws = await h.rawSocket();
    expect(await new Promise<number>((resolve) => ws.once('close', resolve))).toBe(
      closeCodeOf('AUTH_TIMEOUT'),
    );
  });

  it('caps the frame size', async () => {
    h = await startHarness();
    const ada = await h.join('ada');
    const { code } = await firstFrame(h, Buffer.alloc(64 * 1024));
    expect(code).toBe(1009);
    expect(ada.ping('1')).toBe(true);
  });

  it('never crashes on random first frames or random frames from a player', async () => {
    h = await startHarness();
    const harness = h;
    const watcher = await harness.join('watcher');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), async (bytes) => {
        const { code } = await firstFrame(harness, bytes);
        expect(code).toBeGreaterThanOrEqual(1000);
      }),
      { numRuns: 40 },
    );
    const player = await harness.rawSocket();
    player.send(encodeFrame({ type: 'hello', token: harness.token('fuzzer') }));
    await until(() => harness.server.room.summary().players === 2);
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
      fc.anything().map((value) => Buffer.from(encodeFrame({ type: 'input', data: value }))),
      fc
        .record({ type: fc.constantFrom('configure', 'input', 'leave', 'ping', 'hello'), id: fc.anything() })
        .map((value) => Buffer.from(encodeFrame(value))),
    );
    fc.assert(
      fc.property(frames, (frame) => {
        if (player.readyState === player.OPEN) player.send(frame);
      }),
      { numRuns: 200 },
    );
    let pongs = 0;
    (watcher as unknown as { socket: WebSocket }).socket.on('message', () => void (pongs += 1));
    watcher.ping('7');
    await until(() => pongs > 0);
    expect(watcher.connected).toBe(true);
  });
});
