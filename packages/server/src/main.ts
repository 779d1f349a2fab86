#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { closeAdapters, openAdapters } from './adapters.js';
import { createParlor } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './platform/logger.js';

/** `npm start`: read settings, open storage, build Parlor, listen, stop cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = await terminalLogger(config.logLevel);
  if (!process.env.UV_THREADPOOL_SIZE) {
    // libuv's pool (4 threads) runs the argon2 hashes; more hashes than cores thrash the caches.
    // `npm start` sizes it to the cores; it can only be set before the process starts.
    logger.warn('UV_THREADPOOL_SIZE is not set; set it to the number of cores for the best login throughput');
  }
  if (!config.databaseUrl) {
    // The embedded engine is the only WebAssembly here. V8 would recompile its hot functions
    // with its optimising tier, which keeps about 55 MiB of code and compiler memory resident
    // for no throughput Parlor's statements can measure (docs/benchmarks.md, bench:memory).
    setFlagsFromString('--liftoff-only');
  }
  const adapters = await openAdapters(config, logger);
  logger.info(
    { storage: adapters.db.driver, bus: config.redisUrl ? 'redis' : 'in-process', node: adapters.nodeId },
    'adapters ready',
  );
  const parlor = await createParlor({ config, adapters, logger });
  const address = await parlor.app.listen({ host: config.host, port: config.port });
  const scheme = config.tlsCertFile ? 'https' : 'http';
  const open = config.publicUrl ?? address.replace(/^https?/, scheme);
  // The first line's wording is relied on by scripts (and the tests) that wait for the address.
  process.stdout.write(
    `Parlor is listening on ${address.replace(/^https?/, scheme)}\nOpen ${open} in a browser (API docs at ${open}/docs)\n`,
  );
  if (parlor.bootstrapCode) {
    // Printed, not logged: the operator reads it once off the terminal (seed 000's passcode style).
    process.stdout.write(
      `No admin exists yet. Open ${open} and create one with this one-time setup code: ${parlor.bootstrapCode}\n` +
        `(or POST /v1/admin/bootstrap with {code, username, password})\n\n`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await parlor.close();
    await closeAdapters(adapters);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Readable lines in a terminal, JSON lines otherwise (a file, a collector, a container log). */
async function terminalLogger(level: string) {
  if (!process.stdout.isTTY) return createLogger(level);
  try {
    const { default: pretty } = await import('pino-pretty');
    return createLogger(level, pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss' }));
  } catch {
    return createLogger(level);
  }
}

main().catch((err) => {
  process.stderr.write(`Parlor failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
