import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDb } from '../src/storage/postgres-db.js';
import { client } from './support/live.js';
import {
  buildServer,
  logInAt,
  request,
  type ServerProcess,
  signUpAt,
  startServer,
} from './support/server-process.js';

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const ready = Boolean(DATABASE_URL && REDIS_URL);
const PASSWORD = 'a long enough passphrase';

describe.skipIf(!ready)(
  `a revocation on one node reaches a game server reporting to another${ready ? '' : ' (skipped: DATABASE_URL and REDIS_URL not set)'}`,
  () => {
    const schema = `revoke_${randomBytes(5).toString('hex')}`;
    const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'parlor-node-')));
    // One schema, one Redis, one server key (every node opens every game's connect key).
    const shared = {
      DATABASE_URL: DATABASE_URL!,
      REDIS_URL: REDIS_URL!,
      PARLOR_DATABASE_SCHEMA: schema,
      PARLOR_SECRETS_KEY: randomBytes(32).toString('base64url'),
      PARLOR_CHAT_KEYS: `k1=${randomBytes(32).toString('base64')}`,
      PARLOR_LOGIN_IP_PER_MINUTE: '100000',
      PARLOR_REGISTER_IP_PER_HOUR: '100000',
    };
    let a: ServerProcess;
    let b: ServerProcess;
    let admin: { token: string };

    beforeAll(async () => {
      await buildServer();
      a = await startServer({ ...shared, PARLOR_DATA_DIR: dirs[0]! });
      const boot = await request(a.url, 'POST', '/v1/admin/bootstrap', {
        body: { code: a.bootstrapCode, username: 'revoke_admin', password: PASSWORD },
      });
      expect(boot.status, a.output()).toBe(201);
      admin = await logInAt(a.url, 'revoke_admin');
      b = await startServer({ ...shared, PARLOR_DATA_DIR: dirs[1]! });
    }, 120_000);
    afterAll(async () => {
      await Promise.all([a?.kill(), b?.kill()]);
      const db = await PostgresDb.open(DATABASE_URL!);
      await db.exec(`drop schema if exists ${schema} cascade`);
      await db.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    it("deauthentication on node B closes the player's socket on a game server that node A launched", async () => {
      const player = await signUpAt(b.url, 'cross_player');
      // Created on A: A launches the game server, which reports to (and polls) A only.
      const created = await request(a.url, 'POST', '/v1/games', {
        token: player.token,
        body: { type: 'gem-rush' },
      });
      expect(created.status, a.output()).toBe(201);
      const game = client(created.body);
      await game.connect();
      const closed = new Promise<{ code?: string; at: number }>((resolve) =>
        game.on('closed', (reason) => resolve({ ...reason, at: Date.now() })),
      );
      const res = await request(b.url, 'POST', `/v1/admin/users/${player.userId}/deauthenticate`, {
        token: admin.token,
      });
      const answered = Date.now();
      expect(res.status).toBe(200);
      const { code, at } = await closed;
      expect(code).toBe('SESSION_ENDED');
      console.info(`deauth on B closed the game socket of A's game server after ${at - answered} ms`);
      expect(at - answered).toBeLessThan(1_000);
    });
  },
);
