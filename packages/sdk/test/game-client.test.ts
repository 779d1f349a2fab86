import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, closeCodeOf, type RoomState } from '@parlor/protocol';
import { GameClient, type WebSocketLike } from '../src/index.js';

/** A scripted socket: the test plays the server. */
class FakeSocket implements WebSocketLike {
  static last: FakeSocket | null = null;
  private static onFirstFrame: ((socket: FakeSocket) => void) | null = null;
  /** Resolves with the next socket once it has sent its first frame. */
  static nextFirstFrame(): Promise<FakeSocket> {
    return new Promise((resolve) => (FakeSocket.onFirstFrame = resolve));
  }
  binaryType = 'blob';
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: Uint8Array): void {
    this.sent.push(decodeFrame(data));
    if (this.sent.length === 1) FakeSocket.onFirstFrame?.(this);
  }
  close(code = 1000): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  serve(message: unknown): void {
    // A fresh ArrayBuffer, as a browser delivers it (encodeFrame may return a view into a pool).
    this.onmessage?.({ data: new Uint8Array(encodeFrame(message)).buffer });
  }
}

const state: RoomState = {
  gameType: 'x',
  phase: 'waiting',
  hostId: 'a',
  difficulty: null,
  players: { a: { displayName: 'A', connected: true, seat: 0 } },
  game: null,
};
const table = { paths: [['phase']] };
const meta = { id: 'x', name: 'X', minPlayers: 1, maxPlayers: 2, difficulties: ['easy'], tickHz: 10 };

describe('GameClient', () => {
  it('sends the token in the first frame, never in the URL, and keeps state by patches in order', async () => {
    const client = new GameClient({ url: 'ws://game', token: 'secret-token', WebSocket: FakeSocket });
    const welcomed = client.connect();
    await Promise.resolve();
    const socket = FakeSocket.last!;
    expect(socket.url).not.toContain('secret-token');
    expect(socket.sent).toEqual([{ type: 'hello', token: 'secret-token' }]);
    socket.serve({
      type: 'welcome',
      playerId: 'a',
      resumeToken: 'r1',
      graceMs: 1000,
      seq: 4,
      ...table,
      state,
      meta,
    });
    await welcomed;
    expect(client.isHost).toBe(true);
    // Patch frames (docs/state-encoding.md): path 0 is ['phase']; seq 4 is already in the state.
    socket.serve([1, 4, [0, 'stale']]);
    socket.serve([1, 5, [0, 'starting', -1, 1, 'B'], [['players', 'b']]]);
    socket.serve({ type: 'garbage' });
    expect(client.state!.phase).toBe('starting');
    expect(client.state!.players.b).toBe('B');
    expect(client.configure('easy')).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'configure', difficulty: 'easy' });
    // A frame naming a path it never defined: the client drops the socket (and resumes for a fresh snapshot).
    socket.serve([1, 6, [7, 1]]);
    expect(socket.readyState).toBe(3);
    expect(client.state!.phase).toBe('starting');
    client.close();
  });

  it("keeps a mini-game's private view from message frames and drops a malformed one", async () => {
    const client = new GameClient({ url: 'ws://game', token: 't', WebSocket: FakeSocket });
    const welcomed = client.connect();
    await Promise.resolve();
    const socket = FakeSocket.last!;
    socket.serve({
      type: 'welcome',
      playerId: 'a',
      resumeToken: 'r',
      graceMs: 1000,
      seq: 0,
      ...table,
      state,
      meta,
    });
    await welcomed;
    const views: unknown[] = [];
    client.on('view', (v) => views.push(v));
    const view = [{ kind: 'heading', text: 'Question 1' }];
    socket.serve({ type: 'message', data: { kind: 'view', view } });
    socket.serve({ type: 'message', data: { kind: 'view', view: [{ kind: 'html', text: '<b>' }] } });
    socket.serve({ type: 'message', data: { hello: 1 } });
    expect(views).toEqual([view]);
    expect(client.view).toEqual(view);
    client.close();
  });

  it('rejects connect() with the reason from the close code', async () => {
    const client = new GameClient({ url: 'ws://game', token: 't', WebSocket: FakeSocket });
    const attempt = client.connect();
    await Promise.resolve();
    FakeSocket.last!.close(closeCodeOf('TOKEN_EXPIRED'));
    await expect(attempt).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('resumes with the resume token after a drop', async () => {
    const client = new GameClient({ url: 'ws://game', token: 't', WebSocket: FakeSocket, resumeDelayMs: 1 });
    const welcomed = client.connect();
    await Promise.resolve();
    const first = FakeSocket.last!;
    first.serve({
      type: 'welcome',
      playerId: 'a',
      resumeToken: 'r1',
      graceMs: 5000,
      seq: 0,
      ...table,
      state,
      meta,
    });
    await welcomed;
    const resumed = new Promise((resolve) => client.on('resumed', resolve));
    const reopened = FakeSocket.nextFirstFrame();
    first.close(1006);
    const second = await reopened;
    expect(second).not.toBe(first);
    expect(second.sent).toEqual([{ type: 'resume', token: 'r1' }]);
    second.serve({
      type: 'welcome',
      playerId: 'a',
      resumeToken: 'r2',
      graceMs: 5000,
      seq: 9,
      ...table,
      state,
      meta,
    });
    await resumed;
    expect(client.connected).toBe(true);
  });
});
