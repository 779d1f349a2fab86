import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/storage/migrate.js';
import { PgliteDb } from '../../src/storage/pglite-db.js';
import { POSTGRES_URL, postgresTestDb } from '../support/test-db.js';
import { startTestParlor } from '../support/test-parlor.js';

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else yield full;
  }
}

/** Which files under `dir` contain `needle` as raw bytes (UTF-8 and UTF-16, as a dump tool would find it). */
function filesContaining(dir: string, needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  return [...files(dir)].filter((f) => {
    const bytes = readFileSync(f);
    return forms.some((form) => bytes.includes(form));
  });
}

describe('encryption at rest', () => {
  it('leaves no plaintext in the embedded database files (canary)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'parlor-canary-'));
    try {
      const db = await PgliteDb.open({ dataDir: dir });
      await migrate(db);
      const p = await startTestParlor({}, { db });
      const canary = `CANARY-${crypto.randomUUID()}`;
      const a = await p.signUp('canary_sender_x7');
      const b = await p.signUp('canary_reader');
      for (const channel of ['lobby', `dm:${b.userId}`]) {
        for (let i = 0; i < 3; i++) {
          const res = await p.call('POST', `/v1/channels/${channel}/messages`, {
            token: a.token,
            body: { body: `${canary} #${i}`, clientId: `${channel}-${i}` },
          });
          expect(res.statusCode).toBe(201);
        }
      }
      const page = await p.call('GET', `/v1/channels/dm:${a.userId}/messages`, { token: b.token });
      expect(page.json().messages[0].body).toBe(`${canary} #0`);
      await p.call('POST', '/v1/channels/lobby/messages', {
        token: a.token,
        body: { body: `${canary} short-lived`, clientId: 'ttl', ttlSeconds: 1 },
      });
      await p.db.exec('checkpoint');
      await p.stop();

      // The search works: a username (stored in clear on purpose) is found in the same files.
      expect(filesContaining(dir, 'canary_sender_x7').length).toBeGreaterThan(0);
      expect(filesContaining(dir, canary)).toEqual([]);
      expect(filesContaining(dir, 'CANARY-')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  const onPostgres = `stores only sealed bodies on PostgreSQL (raw column dump)${POSTGRES_URL ? '' : ' (skipped: DATABASE_URL not set)'}`;
  it.skipIf(!POSTGRES_URL)(onPostgres, async () => {
    const db = await postgresTestDb();
    const p = await startTestParlor({}, { db });
    try {
      const canary = `CANARY-${crypto.randomUUID()}`;
      const a = await p.signUp('pg_canary');
      await p.call('POST', '/v1/channels/lobby/messages', {
        token: a.token,
        body: { body: canary, clientId: 'c' },
      });
      const rows = await p.db.query<{ dump: string }>(
        `select row_to_json(m)::text || encode(m.body_sealed, 'escape') as dump from chat_messages m`,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.dump).not.toContain(canary);
      const keyIds = await p.db.query<{ key_id: string; n: number }>(
        'select key_id, length(nonce) as n from chat_messages',
      );
      expect(keyIds).toEqual([{ key_id: 'test', n: 12 }]);
    } finally {
      await p.stop();
    }
  });
});
