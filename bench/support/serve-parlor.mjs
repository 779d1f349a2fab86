// A whole Parlor in this process for the benchmarks: the composition root over PGlite in a
// temporary data directory (or DATABASE_URL when given in `env`), listening on 127.0.0.1:0,
// production logging (info) into /dev/null.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

const dist = (file) => new URL(`../../packages/server/dist/${file}`, import.meta.url).href;
const { createParlor } = await import(dist('compose.js'));
const { loadConfig } = await import(dist('config.js'));
const { createLogger } = await import(dist('platform/logger.js'));
const { openAdapters, closeAdapters } = await import(dist('adapters.js'));

/**
 * @param {Record<string, string>} env PARLOR_* settings on top of the bench defaults
 * @param {{ adapt?: (adapters: object, logger: object) => Promise<void> }} [options]
 *   `adapt` may swap an adapter (the games bench's Docker launcher) before composition.
 */
export async function serveParlor(env = {}, options = {}) {
  const dataDir = env.PARLOR_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'parlor-bench-'));
  const config = loadConfig({
    PARLOR_DATA_DIR: dataDir,
    PARLOR_LOGIN_IP_PER_MINUTE: '100000',
    PARLOR_REGISTER_IP_PER_HOUR: '100000',
    ...env,
  });
  const logger = createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: false }));
  const adapters = await openAdapters(config, logger);
  let parlor;
  try {
    await options.adapt?.(adapters, logger);
    parlor = await createParlor({ config, adapters, logger });
  } catch (err) {
    await closeAdapters(adapters);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = await parlor.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    parlor,
    url,
    async stop() {
      try {
        await parlor.close();
      } finally {
        await closeAdapters(adapters);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
