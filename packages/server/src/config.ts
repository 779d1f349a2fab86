import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PLANS, parsePlans } from './studios/plans.js';

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every setting, its default and its bounds. Environment variables are PARLOR_<NAME> in
 * upper snake case (PARLOR_SESSION_IDLE_MINUTES); a JSON config file (PARLOR_CONFIG_FILE) may
 * set the same keys in camelCase. The environment wins over the file.
 */
export const ConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  /** Where game servers run: child processes, or Docker containers (PARLOR_DOCKER_*, docs/docker-launcher.md). */
  launcher: z.enum(['process', 'docker']).default('process'),
  port: int(0, 65535).default(8080),
  dataDir: z.string().min(1).default('./data'),
  databaseUrl: z.string().url().optional(),
  /** PostgreSQL schema to use (search_path); lets several Parlors or test runs share one database. */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .optional(),
  redisUrl: z.string().url().optional(),
  /** Public base URL, used in links and for the Origin check of browser sockets. */
  publicUrl: z.string().url().optional(),
  /** One log line per request at info; off by default (they go to debug). */
  accessLog: bool.default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  tlsCertFile: z.string().optional(),
  tlsKeyFile: z.string().optional(),
  trustProxy: bool.default(false),
  corsOrigins: z.string().default(''),
  bodyLimitBytes: int(1024, 10 * 1024 * 1024).default(64 * 1024),
  sessionAbsoluteHours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  sessionIdleMinutes: z.coerce
    .number()
    .positive()
    .max(24 * 60 * 30)
    .default(60),
  loginLockoutThreshold: int(1, 1000).default(5),
  loginLockoutBaseSeconds: int(1, 3600).default(30),
  loginLockoutMaxSeconds: int(1, 86400).default(900),
  loginIpPerMinute: int(1, 100000).default(30),
  registerIpPerHour: int(1, 100000).default(20),
  auditRetentionDays: int(1, 36500).default(365),
  /** How often housekeeping runs: audit retention, used join-ticket nonces, PGlite's vacuum. */
  sweepIntervalSeconds: int(1, 86400).default(600),
  apiKeysPerOwner: int(1, 10000).default(50),
  argon2MemoryKib: int(19456, 4 * 1024 * 1024).default(19456),
  argon2TimeCost: int(2, 100).default(2),
  /** Password hashes running at once (default: the cores), and waiting beyond them before BUSY. */
  argon2MaxConcurrent: int(1, 1024).default(() => availableParallelism()),
  argon2MaxQueue: int(0, 100_000).default(64),
  /** base64url of 32 bytes that seal per-game secrets at rest; every node must share it. Default: <dataDir>/server.key. */
  secretsKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'base64url of 32 bytes')
    .optional(),
  /** Matchmaker slots: concurrent games, and players seated in them, across the platform. */
  maxGames: int(0, 100_000).default(50),
  maxPlayers: int(0, 1_000_000).default(400),
  maxGamesPerUser: int(1, 1000).default(3),
  /** Where process-launched game servers listen, and the host name players are sent to. */
  gameHost: z.string().min(1).default('127.0.0.1'),
  gamePublicHost: z.string().min(1).optional(),
  /** How game servers reach this node; default: the address it listens on. */
  gameControlUrl: z.string().url().optional(),
  gameStartupTimeoutMs: int(100, 300_000).default(15_000),
  /**
   * Game servers kept started and waiting for a game, for either launcher (0: none). Idle ones
   * are replaced after warmPoolMaxIdleMs: a game server gives up on its secrets after 60 s.
   */
  warmPoolSize: int(0, 100).default(0),
  warmPoolMaxIdleMs: int(1_000, 55_000).default(45_000),
  /**
   * Built-in games per game-server process with the process launcher (0: one process per game,
   * the isolated default). docs/matchmaker.md says what isolation pooling gives up.
   */
  gamePoolRooms: int(0, 1_000).default(0),
  gameHeartbeatIntervalMs: int(50, 600_000).default(5_000),
  gameHeartbeatTimeoutMs: int(100, 3_600_000).default(20_000),
  /** A game with nobody connected for this long is ended as abandoned (and stops counting against its host's games). */
  gameIdleTimeoutMs: int(1_000, 86_400_000).default(120_000),
  /** A started mini-game that sends no frame this long ends (docs/minigame-protocol.md, "Stall deadline"). */
  minigameStallSeconds: int(1, 300).default(10),
  /** How long a running game waits for its mini-game's server to re-attach after a drop (0: it ends at once). */
  minigameReconnectGraceSeconds: int(0, 120).default(10),
  connectTokenTtlSeconds: int(5, 600).default(30),
  /** Passcode attempts (POST /v1/games/join) per user and per address. */
  joinPerMinuteUser: int(1, 10_000).default(10),
  joinPerMinuteIp: int(1, 100_000).default(30),
  /** Chat body keys `id=base64(32 bytes)`, comma-separated, the first one sealing new messages. */
  chatKeys: z.string().optional(),
  /** Where the generated chat key file lives when chatKeys is unset; default <dataDir>/chat-keys.json. */
  chatKeysFile: z.string().optional(),
  chatMessagesPerSecond: z.coerce.number().positive().max(10_000).default(5),
  chatBurst: int(1, 100_000).default(10),
  chatSweepSeconds: z.coerce.number().positive().max(3600).default(10),
  /** How long a deleted message's (channel, sender, clientId) is kept so retries stay idempotent. */
  chatTombstoneHours: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  realtimeMaxPayloadBytes: int(1024, 1024 * 1024).default(16 * 1024),
  realtimeFramesPerSecond: int(1, 10_000).default(20),
  realtimeAuthTimeoutMs: int(100, 60_000).default(5_000),
  realtimeHeartbeatMs: int(50, 600_000).default(25_000),
  realtimeSessionCheckMs: int(10, 60_000).default(1_000),
  realtimeMaxSubscriptions: int(1, 10_000).default(100),
  /** Per node: open sockets per client address and per user, and frames a user may have waiting. */
  realtimeSocketsPerAddress: int(1, 100_000).default(64),
  realtimeSocketsPerUser: int(1, 10_000).default(8),
  realtimeQueuedFramesPerUser: int(1, 100_000).default(64),
  /** When set, GET /metrics wants `Authorization: Bearer <this>`; otherwise keep /metrics off the public network. */
  metricsToken: z
    .string()
    .min(16, 'at least 16 characters')
    .max(512)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
  /**
   * How players reach game servers: `relay` through this node's own origin
   * (`/v1/games/{id}/socket`, one port and one certificate for everything), or `direct` at
   * each server's own port (PARLOR_GAME_PUBLIC_HOST, PARLOR_GAME_PORT_RANGE).
   */
  gameConnect: z.enum(['relay', 'direct']).default('relay'),
  /** Ports game servers listen on, `from-to` inclusive (default: any free port). */
  gamePortRange: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'from-to, e.g. 40000-40999')
    .transform((v) => {
      const [from, to] = v.split('-').map(Number) as [number, number];
      return { from, to };
    })
    .refine((r) => r.from >= 1 && r.to <= 65_535 && r.from <= r.to, 'ports 1-65535, from <= to')
    .optional(),
  /** Relayed game sockets this node holds at once, and per client address. */
  gameRelayMaxSockets: int(1, 1_000_000).default(4_096),
  gameRelayMaxPerAddress: int(1, 1_000_000).default(64),
  /** Raw stats events older than this are compacted into the rollups, which are kept (docs/stats.md). */
  statsRetentionDays: int(1, 36500).default(90),
  /** How often each node samples the users online (concurrent users). */
  statsSampleSeconds: int(5, 3600).default(60),
  /** Who may create studios: every signed-in user, or admins only. */
  studioCreation: z.enum(['anyone', 'admins']).default('anyone'),
  /** Studio plans, `id:limit` (or `unlimited`, or `id:limit/month`), comma-separated; the first is the default. */
  plans: z
    .string()
    .default(DEFAULT_PLANS)
    .superRefine((text, ctx) => {
      try {
        parsePlans(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  /**
   * Whether studios may ship their own sandboxed HTML front end (docs/minigame-frontend.md), or
   * `off`: uploads refused, none served, players get the component UI. Off is for hosts who will
   * not let a studio's script learn players' addresses (Chromium lets it, through WebRTC).
   */
  minigameFrontends: z.enum(['sandboxed', 'off']).default('sandboxed'),
  /** Usage reports (POST /v1/metrics) per API key per second; a second's worth may come at once. */
  metricsReportsPerSecond: int(1, 100_000).default(100),
});
export type Config = z.infer<typeof ConfigSchema>;

const ENV_KEYS: Record<string, keyof Config> = {
  DATABASE_URL: 'databaseUrl',
  REDIS_URL: 'redisUrl',
};

function envName(key: string): string {
  return `PARLOR_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export class ConfigError extends Error {}

/** Reads settings from a file and the environment, validates them, and explains what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  const file = env.PARLOR_CONFIG_FILE;
  if (file) {
    try {
      Object.assign(raw, JSON.parse(readFileSync(path.resolve(file), 'utf8')));
    } catch (err) {
      throw new ConfigError(`Cannot read config file ${file}: ${(err as Error).message}`);
    }
  }
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const where = key in ConfigSchema.shape ? `${envName(key)} (${key})` : key || '(config)';
      return `  ${where}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (Boolean(parsed.data.tlsCertFile) !== Boolean(parsed.data.tlsKeyFile)) {
    throw new ConfigError(
      'Invalid configuration:\n  PARLOR_TLS_CERT_FILE and PARLOR_TLS_KEY_FILE go together',
    );
  }
  return parsed.data;
}

export { envName as configEnvName, ENV_KEYS as configEnvAliases };
