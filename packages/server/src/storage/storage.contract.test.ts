import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_DRIVERS } from '../../test/support/test-db.js';
import { type Db, isUniqueViolation } from './db.js';
import { migrate } from './migrate.js';

// One suite, every driver that can run here: the stores' SQL must mean the same on both.
for (const driver of STORAGE_DRIVERS) {
  describe.skipIf(Boolean(driver.skip))(
    `storage contract: ${driver.name}${driver.skip ? ` (${driver.skip})` : ''}`,
    () => {
      let db: Db;
      beforeAll(async () => {
        db = await driver.open();
        await db.exec(
          'create table contract_t (id integer primary key, n bigint, at timestamptz, doc jsonb, name text unique)',
        );
      });
      afterAll(() => db?.close());

      it('round-trips parameters and types alike', async () => {
        const at = new Date('2026-05-01T12:34:56.789Z');
        await db.query('insert into contract_t (id, n, at, doc, name) values ($1, $2, $3, $4, $5)', [
          1,
          2 ** 40,
          at,
          JSON.stringify({ a: [1, 'x'] }),
          'one',
        ]);
        const [row] = await db.query<{ n: number; at: Date; doc: unknown }>(
          'select n, at, doc from contract_t where id = $1',
          [1],
        );
        expect(row).toEqual({ n: 2 ** 40, at, doc: { a: [1, 'x'] } });
      });

      it('reports unique violations with the same SQLSTATE', async () => {
        await db.query('insert into contract_t (id, name) values (2, $1)', ['dup']);
        const err = await db
          .query('insert into contract_t (id, name) values (3, $1)', ['dup'])
          .catch((e) => e);
        expect(isUniqueViolation(err)).toBe(true);
      });

      it('commits a transaction that resolves and rolls back one that throws', async () => {
        await db.transaction(async (tx) => {
          await tx.query('insert into contract_t (id) values (10)');
        });
        await expect(
          db.transaction(async (tx) => {
            await tx.query('insert into contract_t (id) values (11)');
            throw new Error('no');
          }),
        ).rejects.toThrow('no');
        const ids = (
          await db.query<{ id: number }>('select id from contract_t where id >= 10 order by id')
        ).map((r) => r.id);
        expect(ids).toEqual([10]);
      });

      it('applies migrations once, however often it starts', async () => {
        expect(await migrate(db)).toEqual([]);
        const rows = await db.query<{ id: string }>('select id from schema_migrations order by id');
        expect(rows.length).toBeGreaterThan(0);
      });

      it('answers ping', async () => {
        await expect(db.ping()).resolves.toBeUndefined();
      });
    },
  );
}
