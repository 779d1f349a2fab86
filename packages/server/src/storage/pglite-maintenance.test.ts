import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteDb } from './pglite-db.js';
import { PgliteMaintenance } from './pglite-maintenance.js';

describe('PGlite maintenance (autovacuum for the embedded engine)', () => {
  let db: PgliteDb;
  let maintenance: PgliteMaintenance;
  beforeAll(async () => {
    db = await PgliteDb.open();
    maintenance = new PgliteMaintenance(db);
    await db.exec('create table churn (id int primary key, body text)');
    await db.exec('create table quiet (id int primary key)');
    await db.exec('insert into quiet values (1), (2)');
    // The first pass takes every table; the statistics it writes may make pg_statistic due once
    // more (whether it shows yet depends on when the backend flushes its counters), nothing else.
    expect(await maintenance.run()).toBeGreaterThan(50);
    const left = await maintenance.due();
    expect(left.filter((t) => t.name !== 'pg_catalog.pg_statistic')).toEqual([]);
    await maintenance.run();
  });
  afterAll(() => db?.close());

  const stats = async (table: string) =>
    (
      await db.query<{ vacuums: number; analyzes: number; dead: number }>(
        `select vacuum_count as vacuums, analyze_count as analyzes, n_dead_tup as dead
         from pg_stat_user_tables where relname = $1`,
        [table],
      )
    )[0];

  it('vacuums and analyzes a table whose dead rows pass autovacuum threshold, and only that one', async () => {
    await db.exec("insert into churn select g, 'row ' || g from generate_series(1, 400) g");
    await db.exec('delete from churn where id % 2 = 0');

    const due = await maintenance.due();
    expect(due).toEqual([{ name: 'public.churn', vacuum: true, analyze: true }]);
    const [churn, quiet] = [await stats('churn'), await stats('quiet')];
    expect(await maintenance.run()).toBe(1);
    expect(await stats('churn')).toEqual({
      vacuums: churn!.vacuums + 1,
      analyzes: churn!.analyzes + 1,
      dead: 0,
    });
    expect(await stats('quiet')).toEqual(quiet);
  });

  it('lets other work run between tables', async () => {
    await db.exec('insert into quiet select generate_series(3, 2000)');
    await db.exec('create table also_due (id int)');
    await db.exec('insert into also_due select generate_series(1, 2000)');
    const order: string[] = [];
    const pass = maintenance.run().then(() => order.push('pass'));
    setImmediate(() => order.push('other work'));
    await pass;
    expect(order).toEqual(['other work', 'pass']);
  });

  it('has nothing to do right after a pass', async () => {
    expect(await maintenance.due()).toEqual([]);
    expect(await maintenance.run()).toBe(0);
  });

  it('analyzes without vacuuming when fewer rows changed than make vacuum due', async () => {
    // 200 rows now counted: analyze is due past 50 + 10% changed rows, vacuum only past 50 + 20% dead.
    await db.exec('update churn set body = body where id <= 160'); // 80 rows: the odd ids
    expect(await maintenance.due()).toEqual([{ name: 'public.churn', vacuum: false, analyze: true }]);
  });

  it('quotes table names it was not written for', async () => {
    await db.exec('create table "Odd ""name""" (id int)');
    await db.exec('insert into "Odd ""name""" select generate_series(1, 2000)');
    expect((await maintenance.due()).map((table) => table.name)).toContain('public."Odd ""name"""');
    await maintenance.run();
    expect(await maintenance.due()).toEqual([]);
  });
});

describe('PGlite maintenance, when a table fails', () => {
  it('still does the other tables, then reports the failure', async () => {
    const db = await PgliteDb.open();
    try {
      // An index expression that raises once a setting is on: analyzing the table evaluates it.
      await db.exec(`
        create function boom(n int) returns int immutable language plpgsql as $$
        begin
          if current_setting('parlor.boom', true) = 'on' then raise exception 'boom'; end if;
          return n;
        end $$;
        create table first_due (id int);
        create index first_due_boom on first_due (boom(id));
        create table second_due (id int);
        insert into first_due select generate_series(1, 2000);
        insert into second_due select generate_series(1, 2000);
        set parlor.boom = 'on';`);
      await expect(new PgliteMaintenance(db).run()).rejects.toThrow('boom');
      // first_due comes first (same age, then by name) and fails; second_due is still done.
      const analyzed = await db.query<{ relname: string }>(
        `select relname from pg_stat_user_tables where last_analyze is not null order by relname`,
      );
      expect(analyzed.map((row) => row.relname)).toEqual(['second_due']);
    } finally {
      await db.close();
    }
  });
});

describe('PGlite maintenance after a restart', () => {
  it('takes every table on its first pass, since the engine starts its counters from zero', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parlor-maintenance-'));
    try {
      const before = await PgliteDb.open({ dataDir });
      await before.exec('create table written_before (id int)');
      await before.exec('insert into written_before select generate_series(1, 2000)');
      await before.close();

      const after = await PgliteDb.open({ dataDir });
      try {
        const maintenance = new PgliteMaintenance(after);
        expect(await maintenance.due()).toContainEqual({
          name: 'public.written_before',
          vacuum: true,
          analyze: true,
        });
        await maintenance.run();
        await maintenance.run(); // pg_statistic, which the first pass filled
        expect(await maintenance.due()).toEqual([]);
      } finally {
        await after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
