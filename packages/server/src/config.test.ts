import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has sane defaults: 127.0.0.1:8080, ./data, embedded storage', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './data', sessionAbsoluteHours: 12 });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads PARLOR_* variables and DATABASE_URL', () => {
    const c = loadConfig({
      PARLOR_PORT: '9000',
      PARLOR_SESSION_IDLE_MINUTES: '5',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(c.port).toBe(9000);
    expect(c.sessionIdleMinutes).toBe(5);
    expect(c.databaseUrl).toBe('postgres://u@h/db');
  });

  it('explains what is wrong, naming the variable', () => {
    expect(() => loadConfig({ PARLOR_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARLOR_PORT: 'eighty' })).toThrow(/PARLOR_PORT \(port\)/);
    expect(() => loadConfig({ PARLOR_ARGON2_MEMORY_KIB: '1' })).toThrow(/at least|>=/);
  });

  it('has no warm pool unless PARLOR_WARM_POOL_SIZE asks for one, replaced before the 60 s secrets timeout', () => {
    expect(loadConfig({})).toMatchObject({ warmPoolSize: 0, warmPoolMaxIdleMs: 45_000 });
    expect(loadConfig({ PARLOR_WARM_POOL_SIZE: '4' }).warmPoolSize).toBe(4);
    expect(() => loadConfig({ PARLOR_WARM_POOL_MAX_IDLE_MS: '60000' })).toThrow(
      /PARLOR_WARM_POOL_MAX_IDLE_MS/,
    );
  });

  it('gives a started mini-game 10 s to say something unless PARLOR_MINIGAME_STALL_SECONDS says otherwise', () => {
    expect(loadConfig({}).minigameStallSeconds).toBe(10);
    expect(loadConfig({ PARLOR_MINIGAME_STALL_SECONDS: '30' }).minigameStallSeconds).toBe(30);
    for (const bad of ['0', '301', 'soon'])
      expect(() => loadConfig({ PARLOR_MINIGAME_STALL_SECONDS: bad })).toThrow(
        /PARLOR_MINIGAME_STALL_SECONDS/,
      );
  });

  it('runs one game server process per game unless PARLOR_GAME_POOL_ROOMS asks for pooling', () => {
    expect(loadConfig({}).gamePoolRooms).toBe(0);
    expect(loadConfig({ PARLOR_GAME_POOL_ROOMS: '50' }).gamePoolRooms).toBe(50);
    expect(() => loadConfig({ PARLOR_GAME_POOL_ROOMS: '-1' })).toThrow(/PARLOR_GAME_POOL_ROOMS/);
  });

  it('caps realtime sockets and hashing by default, and takes a metrics token only if long enough', () => {
    expect(loadConfig({})).toMatchObject({
      realtimeSocketsPerAddress: 64,
      realtimeSocketsPerUser: 8,
      realtimeQueuedFramesPerUser: 64,
      argon2MaxQueue: 64,
    });
    expect(loadConfig({}).argon2MaxConcurrent).toBeGreaterThanOrEqual(1);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(() => loadConfig({ PARLOR_METRICS_TOKEN: 'short' })).toThrow(/PARLOR_METRICS_TOKEN/);
    expect(loadConfig({ PARLOR_METRICS_TOKEN: 'a-long-enough-scraper-token' }).metricsToken).toBe(
      'a-long-enough-scraper-token',
    );
  });

  it('refuses half a TLS setup', () => {
    expect(() => loadConfig({ PARLOR_TLS_CERT_FILE: '/x' })).toThrow(/go together/);
  });
});
