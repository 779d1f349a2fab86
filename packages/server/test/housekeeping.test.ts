import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor();
});
afterAll(() => p.stop());

describe('the housekeeping sweep', () => {
  it('vacuums the embedded engine as autovacuum would, and leaves PostgreSQL to its own autovacuum', async () => {
    await p.db.exec('create table sweep_churn (id int)');
    await p.db.exec('insert into sweep_churn select generate_series(1, 2000)');
    await p.sweep();
    const [row] = await p.db.query<{ vacuumed: boolean; analyzed: boolean }>(
      `select last_vacuum is not null as vacuumed, last_analyze is not null as analyzed
       from pg_stat_user_tables where relname = 'sweep_churn'`,
    );
    const embedded = p.db.driver === 'pglite';
    expect(row).toEqual({ vacuumed: embedded, analyzed: embedded });
  });
});
