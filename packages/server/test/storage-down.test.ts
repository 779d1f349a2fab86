import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/storage/migrate.js';
import { PostgresDb } from '../src/storage/postgres-db.js';
import { POSTGRES_URL } from './support/test-db.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

/** A TCP relay in front of PostgreSQL that the test can cut, as a network failure would. */
async function relayTo(target: URL) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(!POSTGRES_URL)(
  `PostgreSQL goes away under a running node${POSTGRES_URL ? '' : ' (skipped: DATABASE_URL not set)'}`,
  () => {
    let p: TestParlor;
    let relay: Awaited<ReturnType<typeof relayTo>>;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const target = new URL(POSTGRES_URL!);
      relay = await relayTo(target);
      const viaRelay = new URL(POSTGRES_URL!);
      viaRelay.host = `127.0.0.1:${relay.port}`;
      const schema = `down_${randomBytes(5).toString('hex')}`;
      const db = await PostgresDb.open(viaRelay.toString(), { schema, max: 2 });
      await migrate(db);
      p = await startTestParlor({}, { db });
      cleanup = async () => {
        await p.stop();
        await db.close().catch(() => {});
        const direct = await PostgresDb.open(POSTGRES_URL!, { max: 1 });
        await direct.exec(`drop schema if exists ${schema} cascade`);
        await direct.close();
      };
    });
    afterAll(() => cleanup?.());

    it('answers 503 UNAVAILABLE with Retry-After, never a 500 or an open door, and /readyz says so', async () => {
      await p.signUp('before_outage');
      await relay.cut();
      const login = await p.call('POST', '/v1/sessions', {
        body: { username: 'before_outage', password: PASSWORD },
      });
      expect(login.statusCode).toBe(503);
      expect(login.json().error.code).toBe('UNAVAILABLE');
      expect(login.headers['retry-after']).toBeDefined();
      const register = await p.call('POST', '/v1/accounts', {
        body: { username: 'during_outage', password: PASSWORD },
      });
      expect(register.statusCode).toBe(503);
      const ready = await p.call('GET', '/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().checks.storage).toBe('unavailable');
      expect((await p.call('GET', '/healthz')).statusCode).toBe(200);
    });
  },
);
