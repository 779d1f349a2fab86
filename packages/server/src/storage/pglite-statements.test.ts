import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteStatements } from './pglite-statements.js';
import { PgliteWire } from './pglite-wire.js';

describe('PGlite statements', () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = await PGlite.create();
  });
  afterAll(() => pg?.close());

  const preparedNames = async () =>
    (await pg.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map(
      (row) => row.name,
    );

  it('keeps a named statement per text up to its capacity, and closes the ones past it', async () => {
    const statements = new PgliteStatements(pg, new PgliteWire(pg), 2);
    const texts = ['select $1::int + 1 as n', 'select $1::int + 2 as n', 'select $1::int + 3 as n'];
    for (let round = 0; round < 3; round++) {
      for (const [i, sql] of texts.entries()) {
        expect(await statements.run(sql, [round])).toEqual([{ n: round + i + 1 }]);
      }
    }
    expect(await preparedNames()).toEqual(['parlor_0', 'parlor_1']);
  });

  it('runs a known statement in one exchange, and only a known one', async () => {
    await pg.exec('deallocate all'); // the names are per engine: start this one's afresh
    const statements = new PgliteStatements(pg, new PgliteWire(pg));
    expect(statements.runPrepared('select $1::text as t', ['x'])).toBeUndefined();
    await statements.run('select $1::text as t', ['x']);
    await expect(statements.runPrepared('select $1::text as t', ['y'])).resolves.toEqual([{ t: 'y' }]);
  });
});
