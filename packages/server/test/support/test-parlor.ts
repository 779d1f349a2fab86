import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Adapters } from '../../src/adapters.js';
import { LocalBus, LocalPresenceStore } from '../../src/bus/index.js';
import type { GameMembership } from '../../src/chat/game-membership.js';
import { createParlor, type Parlor } from '../../src/compose.js';
import { type Config, loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger, type Logger } from '../../src/platform/logger.js';
import { LocalRateLimitStore, type RateLimitStore } from '../../src/rate-limit/index.js';
import type { GameServerLauncher } from '../../src/matchmaker/launcher.js';
import type { Db } from '../../src/storage/db.js';
import { testDb } from './test-db.js';

export interface TestParlorOptions {
  launcher?: GameServerLauncher;
  /** Entry script for the default process launcher. */
  gameServerEntry?: string;
  pooledGameServerEntry?: string;
  /** Listen on 127.0.0.1:0 (game servers must reach it); the clock then follows real time. */
  listen?: boolean;
  /** Reuse a database (a restarted node); it is not closed by stop(). */
  db?: Db;
  /** Who plays which game, for game chat (default: the matchmaker's table). */
  games?: GameMembership;
  /** The rate-limit store (default: in-process). */
  limiter?: RateLimitStore;
  /** Where the Parlor logs (default: silent, or PARLOR_TEST_LOG's level). */
  logger?: Logger;
  /** The built web client to serve at `/` (default: none, so `/` is a 404 as in an API-only build). */
  webDir?: string;
}

/** A ManualClock that follows real time, plus whatever it was advanced by. */
export class FollowingClock extends ManualClock {
  private offset = 0;
  override nowMs(): number {
    return Date.now() + this.offset;
  }
  override advance(ms: number): void {
    this.offset += ms;
  }
}

export interface TestParlor extends Parlor {
  db: Db;
  adapters: Adapters;
  clock: ManualClock;
  config: Config;
  /** Base URL when listening (options.listen). */
  url: string;
  dataDir: string;
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
  options: TestParlorOptions = {},
): Promise<TestParlor> {
  const dataDir = overrides.PARLOR_DATA_DIR ? undefined : mkdtempSync(path.join(os.tmpdir(), 'parlor-test-'));
  const config = loadConfig({
    PARLOR_LOG_LEVEL: 'silent',
    ...(dataDir ? { PARLOR_DATA_DIR: dataDir } : {}),
    // inject() never listens; a launch needs some control URL to hand out.
    ...(options.listen ? {} : { PARLOR_GAME_CONTROL_URL: 'http://127.0.0.1:9' }),
    PARLOR_LOGIN_IP_PER_MINUTE: '1000',
    PARLOR_REGISTER_IP_PER_HOUR: '1000',
    // Chat keys from the environment, so no key file is written into the working directory.
    PARLOR_CHAT_KEYS: `test=${randomBytes(32).toString('base64')}`,
    ...overrides,
  });
  const db = options.db ?? (await testDb());
  const clock = options.listen ? new FollowingClock() : new ManualClock(Date.now());
  const adapters: Adapters = {
    nodeId: 'test-node',
    db,
    bus: new LocalBus(),
    presence: new LocalPresenceStore('test-node'),
    minigamePresence: new LocalPresenceStore('test-node'),
    limiter: options.limiter ?? new LocalRateLimitStore(),
  };
  const parlor = await createParlor({
    config,
    adapters,
    clock,
    games: options.games,
    logger: options.logger ?? createLogger(process.env.PARLOR_TEST_LOG ?? 'silent'),
    ...(options.launcher ? { launcher: options.launcher } : {}),
    ...(options.gameServerEntry ? { gameServerEntry: options.gameServerEntry } : {}),
    ...(options.pooledGameServerEntry ? { pooledGameServerEntry: options.pooledGameServerEntry } : {}),
    webDir: options.webDir ?? path.join(dataDir ?? config.dataDir, 'no-web-client'),
  });
  const url = options.listen ? await parlor.app.listen({ host: '127.0.0.1', port: 0 }) : '';
  const listeningHost = url ? new URL(url).host : undefined;

  const call: TestParlor['call'] = (method, url, options = {}) =>
    parlor.app.inject({
      method: method as 'GET',
      url,
      headers: {
        // As a real client would: the Host it reached, which the game socket URLs are built on.
        ...(listeningHost ? { host: listeningHost } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
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
    url,
    dataDir: config.dataDir,
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
      // A reused database belongs to the caller (a restarted node shares it).
      await Promise.allSettled([adapters.bus.close(), adapters.presence.close(), adapters.limiter.close()]);
      if (!options.db) await db.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs an existing user in (with the tests' password); returns the session token. */
export async function logIn(p: TestParlor, username: string): Promise<string> {
  const res = await p.call('POST', '/v1/sessions', { body: { username, password: PASSWORD } });
  if (res.statusCode !== 201) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}
