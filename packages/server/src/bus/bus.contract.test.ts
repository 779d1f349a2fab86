import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bus, HandlerErrorSink } from './bus.js';
import { LocalBus } from './local-bus.js';
import { RedisBus } from './redis-bus.js';

/** One suite, every implementation (see docs/adapters.md). */
interface BusImplementation {
  name: string;
  /** How many instances can act as separate nodes that see each other's messages. */
  nodes: number;
  /** Instances made by one `open` share a namespace, as the nodes of one deployment do. */
  open(): (onHandlerError?: HandlerErrorSink) => Bus;
}

const redisUrl = process.env.REDIS_URL;
const implementations: BusImplementation[] = [
  { name: 'LocalBus', nodes: 1, open: () => (onHandlerError) => new LocalBus({ onHandlerError }) },
];
if (redisUrl) {
  implementations.push({
    name: 'RedisBus',
    nodes: Number.POSITIVE_INFINITY,
    open: () => {
      const channelPrefix = `parlor-test:${randomUUID()}:`;
      return (onHandlerError) => new RedisBus(redisUrl, { channelPrefix, onHandlerError });
    },
  });
} else {
  describe.skip('RedisBus contract (skipped: REDIS_URL not set)', () =>
    it('runs against the Redis at REDIS_URL', () => {}));
}

for (const impl of implementations) {
  describe(`Bus contract: ${impl.name}`, () => {
    const opened: Bus[] = [];
    let make: ReturnType<BusImplementation['open']> = impl.open();
    const node = (onHandlerError?: HandlerErrorSink): Bus => {
      const bus = make(onHandlerError);
      opened.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((bus) => bus.close()));
      make = impl.open();
    });

    /** Records what a handler receives; `until(n)` waits for the n-th message. */
    async function listen(bus: Bus, topic: string, prefix = false) {
      const got: { message: unknown; topic: string }[] = [];
      const handler = (message: unknown, t: string) => void got.push({ message, topic: t });
      const unsubscribe = prefix
        ? await bus.subscribePrefix(topic, handler)
        : await bus.subscribe(topic, handler);
      const until = (n: number) => vi.waitFor(() => expect(got.length).toBeGreaterThanOrEqual(n), 5_000);
      return { got, unsubscribe, until, messages: () => got.map((g) => g.message) };
    }

    it('is ready while open and refuses work once closed', async () => {
      const bus = node();
      await bus.ready();
      await bus.close();
      await bus.close();
      await expect(bus.ready()).rejects.toThrow(/closed/);
      await expect(bus.publish('t', 1)).rejects.toThrow(/closed/);
      await expect(bus.subscribe('t', () => {})).rejects.toThrow(/closed/);
    });

    it("delivers a node's own message to its own subscriber exactly once", async () => {
      const bus = node();
      const a = await listen(bus, 'chat:lobby');
      await bus.publish('chat:lobby', { seq: 1 });
      await bus.publish('chat:lobby', { seq: 2 });
      await a.until(2);
      expect(a.got).toEqual([
        { message: { seq: 1 }, topic: 'chat:lobby' },
        { message: { seq: 2 }, topic: 'chat:lobby' },
      ]);
    });

    it('keeps per-topic order over a burst of 1,000 messages for every subscriber', async () => {
      const bus = node();
      const [a, b] = [await listen(bus, 'chat:burst'), await listen(bus, 'chat:burst')];
      const other = await listen(bus, 'chat:other');
      const sent = Array.from({ length: 1_000 }, (_, i) => i);
      await Promise.all(
        sent.flatMap((i) => [bus.publish('chat:burst', i), bus.publish('chat:other', -i - 1)]),
      );
      await Promise.all([a.until(1_000), b.until(1_000), other.until(1_000)]);
      expect(a.messages()).toEqual(sent);
      expect(b.messages()).toEqual(sent);
      expect(other.messages()).toEqual(sent.map((i) => -i - 1));
    });

    it('gives each subscription its own copy, including one handler subscribed twice', async () => {
      const bus = node();
      const seen: unknown[] = [];
      const handler = (message: unknown) => {
        seen.push(structuredClone(message));
        (message as { n: number }).n += 100;
      };
      await bus.subscribe('copies', handler);
      await bus.subscribe('copies', handler);
      const probe = await listen(bus, 'copies');
      await bus.publish('copies', { n: 1 });
      await probe.until(1);
      expect(seen).toEqual([{ n: 1 }, { n: 1 }]);
      expect(probe.messages()).toEqual([{ n: 1 }]);
    });

    it('rejects what JSON cannot carry before sending it', async () => {
      const bus = node();
      await expect(bus.publish('t', undefined)).rejects.toThrow(TypeError);
      await expect(bus.publish('t', 1n)).rejects.toThrow(TypeError);
    });

    it('stops delivering after unsubscribe, leaving other subscribers alone', async () => {
      const bus = node();
      const gone = await listen(bus, 'user:u1');
      const stays = await listen(bus, 'user:u1');
      await bus.publish('user:u1', 'before');
      await Promise.all([gone.until(1), stays.until(1)]);
      await gone.unsubscribe();
      await gone.unsubscribe();
      await bus.publish('user:u1', 'after');
      await bus.publish('user:u1', 'sentinel');
      // Order per topic means `gone` would have had 'after' by the time `stays` has 'sentinel'.
      await stays.until(3);
      expect(gone.messages()).toEqual(['before']);
      expect(stays.messages()).toEqual(['before', 'after', 'sentinel']);
    });

    it('can subscribe again after the last handler of a topic left', async () => {
      const bus = node();
      const first = await listen(bus, 'again');
      await first.unsubscribe();
      const second = await listen(bus, 'again');
      await bus.publish('again', 1);
      await second.until(1);
      expect(first.got).toEqual([]);
    });

    it('isolates a throwing or rejecting handler from the others and from later messages', async () => {
      const errors: unknown[] = [];
      const bus = node((error, topic) => errors.push([(error as Error).message, topic]));
      await bus.subscribe('presence', () => {
        throw new Error('sync boom');
      });
      await bus.subscribe('presence', async () => {
        throw new Error('async boom');
      });
      const ok = await listen(bus, 'presence');
      await bus.publish('presence', 1);
      await bus.publish('presence', 2);
      await ok.until(2);
      expect(ok.messages()).toEqual([1, 2]);
      await vi.waitFor(() => expect(errors).toHaveLength(4));
      expect(errors).toContainEqual(['sync boom', 'presence']);
      expect(errors).toContainEqual(['async boom', 'presence']);
    });

    it('delivers by prefix with the full topic, matching the prefix literally', async () => {
      const bus = node();
      const users = await listen(bus, 'user:', true);
      const odd = await listen(bus, 'we*rd[', true);
      const exact = await listen(bus, 'user:7');
      await bus.publish('user:7', 'revoked');
      await bus.publish('chat:lobby', 'not for users');
      await bus.publish('weXrd[', 'not a glob match');
      await bus.publish('we*rd[1', 'literal');
      await bus.publish('user:8', 'notice');
      await Promise.all([users.until(2), odd.until(1), exact.until(1)]);
      expect(users.got).toEqual([
        { message: 'revoked', topic: 'user:7' },
        { message: 'notice', topic: 'user:8' },
      ]);
      expect(odd.got).toEqual([{ message: 'literal', topic: 'we*rd[1' }]);
      expect(exact.messages()).toEqual(['revoked']);
      await users.unsubscribe();
      await bus.publish('user:9', 'late');
      await bus.publish('user:7', 'sentinel');
      await exact.until(2);
      expect(users.got).toHaveLength(2);
    });

    const twoNodes = `two nodes${impl.nodes < 2 ? ' (skipped: an in-process implementation is one node)' : ''}`;
    describe.skipIf(impl.nodes < 2)(twoNodes, () => {
      it('fans out between nodes, once per subscription, in order', async () => {
        const [a, b] = [node(), node()];
        const onA = await listen(a, 'chat:g1');
        const onB = await listen(b, 'chat:g1');
        const allB = await listen(b, 'chat:', true);
        const sent = Array.from({ length: 1_000 }, (_, i) => ({ seq: i }));
        await Promise.all(sent.map((m) => a.publish('chat:g1', m)));
        await b.publish('chat:g1', 'from b');
        await Promise.all([onA.until(1_001), onB.until(1_001), allB.until(1_001)]);
        for (const seen of [onA, onB, allB]) {
          expect(seen.messages().filter((m) => m !== 'from b')).toEqual(sent);
          expect(seen.messages().filter((m) => m === 'from b')).toHaveLength(1);
        }
      });

      it('keeps nodes apart once one has unsubscribed or closed', async () => {
        const [a, b] = [node(), node()];
        const onB = await listen(b, 'user:42');
        const onA = await listen(a, 'user:42');
        await b.close();
        await a.publish('user:42', 'after close');
        await onA.until(1);
        await a.publish('user:42', 'sentinel');
        await onA.until(2);
        expect(onB.got).toEqual([]);
      });
    });
  });
}
