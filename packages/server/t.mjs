import { PGlite } from '@electric-sql/pglite';
import { Algorithm, hash, verify } from '@node-rs/argon2';

let t = Date.now();
const h = await hash('password123', {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});
console.log(h, Date.now() - t, 'ms');
t = Date.now();
const db = new PGlite();
await db.query('select 1');
console.log('pglite mem', Date.now() - t);
t = Date.now();
await db.exec('create table a(x int)');
const d = await db.dumpDataDir('none');
console.log('dump', Date.now() - t, d.size);
t = Date.now();
const db2 = new PGlite({ loadDataDir: d });
await db2.query('select * from a');
console.log('load', Date.now() - t);
