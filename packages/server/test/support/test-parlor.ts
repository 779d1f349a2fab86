import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { type Adapters, closeAdapters } from '../../src/adapters.js';
import { LocalBus, LocalPresenceStore } from '../../src/bus/index.js';
import type { GameMembership } from '../../src/chat/game-membership.js';
import { createParlor, type Parlor } from '../../src/compose.js';
import { type Config, loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { LocalRateLimitStore } from '../../src/rate-limit/index.js';
import type { Db } from '../../src/storage/db.js';
import { testDb } from './test-db.js';

export interface TestParlor extends Parlor {
  db: Db;
  adapters: Adapters;
  clock: ManualClock;
  config: Config;
  /** JSON request through Fastify's inject; `token` goes in the Authorization header. */
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  /** Registers a user and logs in; returns the session token and user id. */
  signUp(username: string, password?: string): Promise<{ token: string; userId: string }>;
  /** Creates the first admin through the bootstrap code and logs in. */
  admin(username?: string): Promise<{ token: string; userId: string }>;
  stop(): Promise<void>;
}

export const PASSWORD = 'a long enough passphrase';

/** A whole Parlor on a fresh database and a manual clock, for tests. */
export async function startTestParlor(
  overrides: Partial<Record<string, string>> = {},
  setup: { db?: Db; games?: GameMembership } = {},
): Promise<TestParlor> {
  const config = loadConfig({
    PARLOR_LOG_LEVEL: 'silent',
    PARLOR_LOGIN_IP_PER_MINUTE: '1000',
    PARLOR_REGISTER_IP_PER_HOUR: '1000',
    // Chat keys from the environment, so no key file is written into the working directory.
    PARLOR_CHAT_KEYS: `test=${randomBytes(32).toString('base64')}`,
    ...overrides,
  });
  const db = setup.db ?? (await testDb());
  const clock = new ManualClock(Date.now());
  const adapters: Adapters = {
    nodeId: 'test-node',
    db,
    bus: new LocalBus(),
    presence: new LocalPresenceStore('test-node'),
    limiter: new LocalRateLimitStore(),
  };
  const parlor = await createParlor({
    config,
    adapters,
    clock,
    games: setup.games,
    logger: createLogger(process.env.PARLOR_TEST_LOG ?? 'silent'),
  });

  const call: TestParlor['call'] = (method, url, options = {}) =>
    parlor.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });

  const login = async (username: string, password: string) => {
    const res = await call('POST', '/v1/sessions', { body: { username, password } });
    if (res.statusCode !== 201) throw new Error(`login failed: ${res.body}`);
    const body = res.json();
    return { token: body.token as string, userId: body.user.id as string };
  };

  return {
    ...parlor,
    db,
    adapters,
    clock,
    config,
    call,
    async signUp(username, password = PASSWORD) {
      const res = await call('POST', '/v1/accounts', { body: { username, password } });
      if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.body}`);
      return login(username, password);
    },
    async admin(username = 'root_admin') {
      const res = await call('POST', '/v1/admin/bootstrap', {
        body: { code: parlor.bootstrapCode, username, password: PASSWORD },
      });
      if (res.statusCode !== 201) throw new Error(`bootstrap failed: ${res.body}`);
      return login(username, PASSWORD);
    },
    async stop() {
      await parlor.close();
      await closeAdapters(adapters);
    },
  };
}
