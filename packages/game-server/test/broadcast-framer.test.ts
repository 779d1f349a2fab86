import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { BroadcastFramer, binaryFrame } from '../src/broadcast-framer.js';

// `ws` exports its frame parser, but its type declarations do not describe it.
type FrameParser = EventEmitter & { write(chunk: Buffer): void };
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (o: { isServer: boolean }) => FrameParser;
};

/** Reads frames back with `ws`' own parser, as a client would. */
function parse(wire: Buffer): { payload: Buffer; binary: boolean } {
  const receiver = new Receiver({ isServer: false });
  let got: { payload: Buffer; binary: boolean } | null = null;
  receiver.on('message', (data: Buffer, binary: boolean) => (got = { payload: data, binary }));
  receiver.on('error', (err: Error) => {
    throw err;
  });
  receiver.write(wire);
  if (!got) throw new Error('no frame parsed');
  return got;
}

describe('a broadcast framed once', () => {
  it.each([0, 1, 125, 126, 1000, 65_535, 65_536, 200_000])('%i bytes parse back exactly', (n) => {
    const payload = Buffer.alloc(n, 7);
    if (n > 0) payload[n - 1] = 42;
    const { payload: back, binary } = parse(binaryFrame(payload));
    expect(binary).toBe(true);
    expect(back.equals(payload)).toBe(true);
  });

  it('is built once for the same payload and again for a new one', () => {
    const framer = new BroadcastFramer();
    const a = new Uint8Array([1, 2, 3]);
    const first = framer.wire(a);
    expect(framer.wire(a)).toBe(first);
    const b = new Uint8Array([1, 2, 3]);
    expect(framer.wire(b)).not.toBe(first);
    expect(framer.wire(b).equals(first)).toBe(true);
  });
});
