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

      it('round-trips text in any script, and NULL, as parameters', async () => {
        const text = 'ünï 😀 中文 \u{1F9EA} tab\tquote\'"';
        const [row] = await db.query<{ t: string; n: string | null }>('select $1::text as t, $2::text as n', [
          text,
          null,
        ]);
        expect(row).toEqual({ t: text, n: null });
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

      it('runs one statement text again and again, with any values, in parallel and in transactions', async () => {
        const insert = 'insert into contract_t (id, n, name) values ($1, $2, $3) returning id, n';
        const rows = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 4 === 0
              ? db.transaction((tx) => tx.query<{ id: number; n: number }>(insert, [100 + i, i, null]))
              : db.query<{ id: number; n: number }>(insert, [100 + i, i, `p${i}`]),
          ),
        );
        expect(rows.map(([row]) => row)).toEqual(
          Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, n: i })),
        );
        const count = 'select count(*)::int as c from contract_t where id >= $1 and id < $2';
        expect(await db.query(count, [100, 120])).toEqual([{ c: 20 }]);
        expect(await db.query(count, [100, 110])).toEqual([{ c: 10 }]);
      });

      it('never runs a statement inside a transaction it is not part of', async () => {
        const known = 'insert into contract_t (id, name) values ($1, $2)';
        await db.query(known, [300, 'run before']);
        let entered!: () => void;
        let release!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const held = new Promise<void>((resolve) => (release = resolve));
        const rolledBack = db.transaction(async (tx) => {
          await tx.query('insert into contract_t (id) values ($1)', [301]);
          entered();
          await held;
          throw new Error('rolled back');
        });
        await inside;
        // Issued while that transaction is open: a statement run before, and a new one.
        const outside = Promise.all([
          db.query(known, [302, 'known']),
          db.query('insert into contract_t (name, id) values ($1, $2)', ['new', 303]),
        ]);
        release();
        await expect(rolledBack).rejects.toThrow('rolled back');
        await outside;
        const ids = await db.query<{ id: number }>(
          'select id from contract_t where id between 300 and 303 order by id',
        );
        expect(ids.map((row) => row.id)).toEqual([300, 302, 303]);
      });

      it('keeps answering after a statement fails on its values or its text', async () => {
        const byId = 'select id from contract_t where id = $1';
        await expect(db.query(byId, ['not a number'])).rejects.toMatchObject({ code: '22P02' });
        await expect(db.query('select nothing from nowhere where id = $1', [1])).rejects.toMatchObject({
          code: '42P01',
        });
        expect(await db.query(byId, [1])).toEqual([{ id: 1 }]);
        await expect(
          db.transaction(async (tx) => {
            await tx.query(byId, ['still not a number']);
          }),
        ).rejects.toMatchObject({ code: '22P02' });
        expect(await db.transaction((tx) => tx.query(byId, [1]))).toEqual([{ id: 1 }]);
      });

      it('answers a statement it ran before after the table under it changed shape', async () => {
        await db.exec('create table contract_shape (id integer primary key)');
        await db.query('insert into contract_shape (id) values ($1)', [1]);
        const all = 'select * from contract_shape where id = $1';
        expect(await db.query(all, [1])).toEqual([{ id: 1 }]);
        await db.exec("alter table contract_shape add column label text not null default 'x'");
        expect(await db.query(all, [1])).toEqual([{ id: 1, label: 'x' }]);
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
