import { afterEach, describe, expect, it } from 'vitest';
import { closeCodeOf, decodeFrame, encodeFrame } from '@parlor/protocol';
import { WebSocket } from 'ws';
import { clientAddress } from '../src/ws-transport.js';
import { startHarness, type Harness } from './harness.js';

// Real sockets against a real game server. Strangers connect from other loopback addresses
// (Linux routes all of 127/8 to the loopback interface), the player from 127.0.0.1.
let h: Harness | null = null;
let stopFlood: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopFlood?.();
  stopFlood = null;
  await h?.close();
  h = null;
});

/**
 * ~`count` idle sockets that never say hello, all closed and opened again every `everyMs`,
 * spread over `addresses`. Bounded: stops when told, or by itself after 20 s.
 */
function flood(url: string, count: number, addresses: string[], everyMs = 250) {
  let sockets: WebSocket[] = [];
  const stats = { opened: 0, closedByServer: 0 };
  const open = () => {
    for (const ws of sockets) ws.terminate();
    sockets = Array.from({ length: count }, (_, i) => {
      const ws = new WebSocket(url, { localAddress: addresses[i % addresses.length] });
      ws.on('error', () => {});
      ws.on('open', () => void (stats.opened += 1));
      ws.on('close', (code) => {
        if (code >= 4000 || code === 1013) stats.closedByServer += 1;
      });
      return ws;
    });
  };
  open();
  const timer = setInterval(open, everyMs);
  const selfStop = setTimeout(() => clearInterval(timer), 20_000);
  return {
    stats,
    stop: async () => {
      clearInterval(timer);
      clearTimeout(selfStop);
      for (const ws of sockets) ws.terminate();
    },
  };
}

/** Opens a socket from 127.0.0.1, sends one first frame, and says whether a welcome came back. */
async function firstFrame(
  url: string,
  frame: object,
): Promise<{ welcome?: { resumeToken: string }; code?: number }> {
  const ws = new WebSocket(url, { localAddress: '127.0.0.1' });
  return new Promise((resolve) => {
    ws.on('error', () => {});
    ws.once('open', () => ws.send(encodeFrame(frame)));
    ws.on('message', (data) => {
      const msg = decodeFrame(data as Buffer) as { type: string; resumeToken: string };
      if (msg.type !== 'welcome') return;
      resolve({ welcome: msg });
      ws.close();
    });
    ws.once('close', (code) => resolve({ code }));
  });
}

/** A player who joins with a connect token, then comes back with each resume token, `rounds` times. */
async function playerGetsInEveryTime(harness: Harness, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const hello = await firstFrame(harness.url, { type: 'hello', token: harness.token(`p${round}`) });
    expect(hello.code, `hello ${round}`).toBeUndefined();
    let resumeToken = hello.welcome!.resumeToken;
    for (let again = 0; again < 3; again++) {
      const resumed = await firstFrame(harness.url, { type: 'resume', token: resumeToken });
      expect(resumed.code, `resume ${round}.${again}`).toBeUndefined();
      resumeToken = resumed.welcome!.resumeToken;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const many = (n: number) => Array.from({ length: n }, (_, i) => `127.0.0.${i + 2}`);

describe('strangers cannot crowd players out of a game server', () => {
  it("30 idle sockets from one address, reopened every 250 ms, never stop a player's hello or resume", async () => {
    h = await startHarness();
    const f = flood(h.url, 30, many(1));
    stopFlood = f.stop;
    await new Promise((r) => setTimeout(r, 600));
    await playerGetsInEveryTime(h, 6);
    // The flood was let in and pushed out again, not ignored.
    expect(f.stats.opened).toBeGreaterThan(30);
    expect(f.stats.closedByServer).toBeGreaterThan(0);
    expect(h.server.room.summary().players).toBe(6);
  });

  it("30 idle sockets spread over 30 addresses, reopened every 250 ms, never stop a player's hello or resume", async () => {
    h = await startHarness();
    const f = flood(h.url, 30, many(30));
    stopFlood = f.stop;
    await new Promise((r) => setTimeout(r, 600));
    await playerGetsInEveryTime(h, 6);
    expect(f.stats.closedByServer).toBeGreaterThan(0);
    expect(h.server.room.summary().players).toBe(6);
  });

  it('a stranger who just sits on a socket is cut at the short hello deadline', async () => {
    h = await startHarness();
    const ws = new WebSocket(h.url, { localAddress: '127.0.0.2' });
    const started = Date.now();
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(closeCodeOf('AUTH_TIMEOUT'));
    // A safety bound, not a measurement: the default deadline is 1.5 s, far below the old 5 s.
    expect(Date.now() - started).toBeLessThan(4_500);
  });
});

describe("a stranger's budget key", () => {
  it('is the IPv4 address, or the IPv6 /64 (one host usually holds a whole /64)', () => {
    expect(clientAddress('127.0.0.2')).toBe('127.0.0.2');
    expect(clientAddress('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(clientAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientAddress(undefined)).toBe('unknown');
  });
});
