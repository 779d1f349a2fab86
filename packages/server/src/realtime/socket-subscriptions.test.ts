import { describe, expect, it } from 'vitest';
import { LocalBus } from '../bus/local-bus.js';
import { createLogger } from '../platform/logger.js';
import { ConnectionRegistry } from './connection-registry.js';
import type { SocketPeer, Subscription } from './socket-peer.js';
import { SocketSubscriptions } from './socket-subscriptions.js';

function setUp() {
  const registry = new ConnectionRegistry({
    bus: new LocalBus(),
    visibility: { blockedBy: async () => [] },
    logger: createLogger('silent'),
  });
  const peer = (userId: string) => {
    const p = {
      conn: { id: `conn-${userId}` },
      user: { userId },
      hidden: new Set<string>(),
      isOpen: true,
      send() {},
      end() {},
    } as unknown as SocketPeer & { isOpen: boolean };
    (p as { subscriptions: SocketSubscriptions }).subscriptions = new SocketSubscriptions(p, registry);
    return p;
  };
  const follow = (watches: string[]): Subscription => ({ key: 'k', kind: 'dm', watches, unfollow() {} });
  return { registry, peer, follow };
}

describe('who watches whom', () => {
  it('follows the subscriptions as they change, counting two follows of the same user', () => {
    const { registry, peer, follow } = setUp();
    const a = peer('a');
    expect(a.subscriptions.size).toBe(0);
    expect([...a.subscriptions.values()]).toEqual([]);
    a.subscriptions.set('dm:b', follow(['b']));
    a.subscriptions.set('game:g', follow(['b', 'c']));
    expect(registry.watchersOf('b')).toEqual([a]);
    expect(registry.watchersOf('c')).toEqual([a]);
    a.subscriptions.delete('dm:b');
    expect(registry.watchersOf('b')).toEqual([a]);
    a.subscriptions.delete('game:g');
    expect(registry.watchersOf('b')).toEqual([]);
    expect(registry.watchersOf('c')).toEqual([]);
    expect(a.subscriptions.size).toBe(0);
  });

  it('replacing a follow of the same channel drops what the old one watched', () => {
    const { registry, peer, follow } = setUp();
    const a = peer('a');
    a.subscriptions.set('game:g', follow(['b']));
    a.subscriptions.set('game:g', follow(['c']));
    expect(registry.watchersOf('b')).toEqual([]);
    expect(registry.watchersOf('c')).toEqual([a]);
  });

  it('forgets a socket on clear, and never indexes one that is already closed', () => {
    const { registry, peer, follow } = setUp();
    const a = peer('a');
    const late = peer('late');
    a.subscriptions.set('dm:b', follow(['b']));
    a.subscriptions.clear();
    expect(registry.watchersOf('b')).toEqual([]);
    late.isOpen = false;
    late.subscriptions.set('dm:b', follow(['b']));
    expect(registry.watchersOf('b')).toEqual([]);
  });
});
