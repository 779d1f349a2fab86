import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalPresenceStore } from './local-presence.js';
import type { PresenceEntry, PresenceStore } from './presence.js';
import { RedisPresenceStore } from './redis-presence.js';

/** One suite, every implementation (see docs/adapters.md). */
interface PresenceImplementation {
  name: string;
  /** How many stores can act as separate nodes sharing one view. */
  nodes: number;
  /** Stores made by one `open` share a namespace; `ttlMs` applies where nodes can expire. */
  open(): (nodeId: string, ttlMs?: number) => PresenceStore;
}

const redisUrl = process.env.REDIS_URL;
const implementations: PresenceImplementation[] = [
  { name: 'LocalPresenceStore', nodes: 1, open: () => (nodeId) => new LocalPresenceStore(nodeId) },
];
if (redisUrl) {
  implementations.push({
    name: 'RedisPresenceStore',
    nodes: Number.POSITIVE_INFINITY,
    open: () => {
      const keyPrefix = `parlor-test:${randomUUID()}:`;
      // Heart-beats are driven by the tests, so "a node stopped" is something a test decides.
      return (nodeId, ttlMs) =>
        new RedisPresenceStore(redisUrl, { nodeId, ttlMs, keyPrefix, heartbeatIntervalMs: 0 });
    },
  });
} else {
  describe.skip('RedisPresenceStore contract (skipped: REDIS_URL not set)', () =>
    it('runs against the Redis at REDIS_URL', () => {}));
}

const byConnection = (entries: PresenceEntry[]) =>
  [...entries].sort((a, b) => a.connectionId.localeCompare(b.connectionId));

for (const impl of implementations) {
  describe(`PresenceStore contract: ${impl.name}`, () => {
    const opened: PresenceStore[] = [];
    let make = impl.open();
    const node = (nodeId = `node-${randomUUID()}`, ttlMs?: number) => {
      const store = make(nodeId, ttlMs);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
      make = impl.open();
    });

    it('answers who is online and where, across several connections', async () => {
      const store = node();
      await store.ready();
      expect(await store.online()).toEqual(new Set());
      await store.track('ann', 'c1', { client: 'web' });
      await store.track('ann', 'c2', { client: 'sdk' });
      await store.track('bob', 'c3');
      expect(await store.online()).toEqual(new Set(['ann', 'bob']));
      expect(await store.online(['bob', 'cid', 'bob'])).toEqual(new Set(['bob']));
      expect(await store.online([])).toEqual(new Set());
      expect(byConnection(await store.where('ann'))).toEqual([
        { userId: 'ann', nodeId: store.nodeId, connectionId: 'c1', meta: { client: 'web' } },
        { userId: 'ann', nodeId: store.nodeId, connectionId: 'c2', meta: { client: 'sdk' } },
      ]);
      expect(await store.where('cid')).toEqual([]);
    });

    it('keeps a user online until their last connection is untracked', async () => {
      const store = node();
      await store.track('ann', 'c1');
      await store.track('ann', 'c2');
      await store.untrack('ann', 'c1');
      await store.untrack('ann', 'c1');
      expect(await store.online(['ann'])).toEqual(new Set(['ann']));
      await store.untrack('ann', 'c2');
      expect(await store.online()).toEqual(new Set());
      expect(await store.where('ann')).toEqual([]);
    });

    it('replaces meta on a repeated track and hands out copies', async () => {
      const store = node();
      await store.track('ann', 'c1', { game: 'g1' });
      await store.track('ann', 'c1', { game: 'g2' });
      const [entry] = await store.where('ann');
      expect(entry?.meta).toEqual({ game: 'g2' });
      (entry?.meta as Record<string, unknown>).game = 'changed';
      expect((await store.where('ann'))[0]?.meta).toEqual({ game: 'g2' });
    });

    it('takes ids with any characters', async () => {
      const store = node();
      const odd = ['a:b', '3:xy', 'ü\n', ''];
      for (const id of odd) await store.track(id, `${id}:conn`);
      expect(await store.online()).toEqual(new Set(odd));
      for (const id of odd)
        expect((await store.where(id)).map((e) => e.connectionId)).toEqual([`${id}:conn`]);
    });

    it('drops its entries on close and refuses work afterwards', async () => {
      const store = node();
      await store.track('ann', 'c1');
      await store.close();
      await store.close();
      await expect(store.online()).rejects.toThrow(/closed/);
      await expect(store.track('ann', 'c2')).rejects.toThrow(/closed/);
    });

    const severalNodes = `several nodes${impl.nodes < 2 ? ' (skipped: an in-process implementation is one node)' : ''}`;
    describe.skipIf(impl.nodes < 2)(severalNodes, () => {
      it('shares one view and removes a node that closes', async () => {
        const [a, b] = [node('a'), node('b')];
        await a.track('ann', 'c1');
        await b.track('ann', 'c2');
        await b.track('bob', 'c3');
        expect(byConnection(await a.where('ann')).map((e) => e.nodeId)).toEqual(['a', 'b']);
        expect(await a.online()).toEqual(new Set(['ann', 'bob']));
        await b.close();
        expect(await a.online()).toEqual(new Set(['ann']));
        expect((await a.where('ann')).map((e) => e.nodeId)).toEqual(['a']);
      });

      it('expires a node that stops heart-beating, and restores it when it beats again', async () => {
        const ttlMs = 300;
        const [alive, stalled] = [node('alive', ttlMs), node('stalled', ttlMs)];
        await alive.track('ann', 'c1');
        await stalled.track('bob', 'c2');
        await stalled.track('ann', 'c3');
        expect(await alive.online()).toEqual(new Set(['ann', 'bob']));
        // Only `alive` heart-beats; expiry runs on the store's clock, so wait for the outcome, not a time.
        await expect
          .poll(async () => (await alive.heartbeat(), [...(await alive.online())]), {
            timeout: 5_000,
            interval: 50,
          })
          .toEqual(['ann']);
        expect((await alive.where('ann')).map((e) => e.nodeId)).toEqual(['alive']);
        await stalled.heartbeat();
        await alive.heartbeat();
        expect(await alive.online()).toEqual(new Set(['ann', 'bob']));
        expect(byConnection(await alive.where('ann')).map((e) => e.nodeId)).toEqual(['alive', 'stalled']);
      });

      it('restores a lapsed node on its next track, keeping earlier untracks', async () => {
        const ttlMs = 300;
        const [alive, stalled] = [node('alive', ttlMs), node('stalled', ttlMs)];
        await stalled.track('bob', 'c1');
        await stalled.track('cid', 'c2');
        await stalled.untrack('cid', 'c2');
        await expect
          .poll(async () => (await alive.heartbeat(), [...(await alive.online())]), {
            timeout: 5_000,
            interval: 50,
          })
          .toEqual([]);
        await stalled.track('dee', 'c3');
        expect(await alive.online()).toEqual(new Set(['bob', 'dee']));
      });
    });
  });
}
