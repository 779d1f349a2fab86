import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeOf } from '@parlor/protocol';
import { WebSocket } from 'ws';
import { ParlorClient, type MessageView, type RealtimeClient } from '../src/index.js';
import { until } from '../../server/test/support/live.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../../server/test/support/test-parlor.js';

let p: TestParlor;
const sockets: RealtimeClient[] = [];
beforeAll(async () => {
  p = await startTestParlor({}, { listen: true });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await p.stop();
});

async function signedUp(name: string) {
  const c = new ParlorClient({ baseUrl: p.url, WebSocket });
  const { user } = await c.identity.signUp(name, PASSWORD);
  const rt = c.realtime({ backoffMs: 20 });
  sockets.push(rt);
  return { c, rt, user };
}

/** Drops the socket as a lost network would (no close from either side's application). */
function dropNetwork(rt: RealtimeClient): void {
  (rt as unknown as { socket: { terminate(): void } }).socket.terminate();
}

describe('RealtimeClient', () => {
  it('resumes every channel after a drop from its last seq: no gap, no duplicate', async () => {
    const ada = await signedUp('rt_ada');
    const bob = await signedUp('rt_bob');
    await ada.rt.connect();
    const seen: Record<string, number[]> = {};
    ada.rt.on('message', ({ channel, message }: { channel: string; message: MessageView }) =>
      (seen[channel] ??= []).push(message.seq),
    );
    const dm = `dm:${bob.user.id}`;
    await bob.c.chat.post('lobby', 'before anyone listened');
    ada.rt.subscribe('lobby', (await ada.c.chat.page('lobby')).lastSeq);
    ada.rt.subscribe(dm);
    await until(() => ada.rt.connected);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 3; i++) await bob.c.chat.post('lobby', `live ${i}`);
    await bob.c.chat.post(`dm:${ada.user.id}`, 'dm live');
    await until(() => seen.lobby?.length === 3 && seen[dm]?.length === 1);

    const reconnecting = new Promise((r) => ada.rt.on('reconnecting', r));
    dropNetwork(ada.rt);
    await reconnecting;
    for (let i = 0; i < 3; i++) await bob.c.chat.post('lobby', `while away ${i}`);
    await bob.c.chat.post(`dm:${ada.user.id}`, 'dm while away');
    await until(() => seen.lobby?.length === 6 && seen[dm]?.length === 2);
    await bob.c.chat.post('lobby', 'after');
    await until(() => seen.lobby?.length === 7);
    const lobby = seen.lobby!;
    expect(lobby).toEqual([...lobby].sort((a, b) => a - b));
    expect(new Set(lobby).size).toBe(lobby.length);
    expect(lobby[lobby.length - 1]! - lobby[0]!).toBe(6);
    expect(lobby[0]).toBe(2);
  });

  it('reports presence of the people a direct channel shows', async () => {
    const cid = await signedUp('rt_cid');
    const dee = await signedUp('rt_dee');
    await cid.rt.connect();
    cid.rt.subscribe(`dm:${dee.user.id}`);
    const online = new Promise((resolve) =>
      cid.rt.on('presence', (e) => e.userId === dee.user.id && e.online && resolve(e)),
    );
    await dee.rt.connect();
    await online;
  });

  it('ends for good with signedOut when an admin deauthenticates the user', async () => {
    const admin = new ParlorClient({ baseUrl: p.url, WebSocket, token: (await p.admin()).token });
    const eve = await signedUp('rt_eve');
    await eve.rt.connect();
    const out = new Promise<{ closeCode: number }>((r) => eve.rt.on('signedOut', r));
    await admin.admin.deauthenticate(eve.user.id);
    expect((await out).closeCode).toBe(closeCodeOf('SESSION_ENDED'));
    await new Promise((r) => setTimeout(r, 100));
    expect(eve.rt.connected).toBe(false);
  });
});
