// A whole Parlor for the game benchmarks (serve-parlor.mjs) with a host signed in. The
// launcher is the process launcher or, given `docker`, a Docker launcher on host networking
// bound to loopback; PARLOR_WARM_POOL_SIZE puts the warm pool in front of either, as in
// production.
import { randomBytes } from 'node:crypto';
import { serveParlor } from './serve-parlor.mjs';

const dist = (file) => new URL(`../../packages/server/dist/${file}`, import.meta.url).href;
const { dockerLauncherFromConfig } = await import(dist('matchmaker/docker/index.js'));

const USER = { username: 'bench_host', password: 'a long benchmark passphrase' };

/**
 * @param {{ warmPoolSize: number, docker?: { image: string } }} o
 */
export async function startBenchParlor(o) {
  const { parlor, url, stop } = await serveParlor(
    {
      PARLOR_WARM_POOL_SIZE: String(o.warmPoolSize),
      // The burst holds every game it creates until the end: room for all of them.
      PARLOR_MAX_GAMES: '1000',
      PARLOR_MAX_PLAYERS: '100000',
      PARLOR_MAX_GAMES_PER_USER: '1000',
    },
    {
      adapt: async (adapters, logger) => {
        if (!o.docker) return;
        adapters.launcher = await dockerLauncherFromConfig(
          {
            image: o.docker.image,
            network: 'host',
            publicHost: '127.0.0.1',
            hostNetworkAddress: '127.0.0.1',
            scope: `docker-bench-${randomBytes(4).toString('hex')}`,
            // Containers are this run's alone: close removes them (production keeps them for adoption).
            stopOnClose: true,
            stopGraceMs: 0,
          },
          { log: logger },
        );
      },
    },
  );
  const call = async (method, route, body, token) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  await call('POST', '/v1/accounts', USER);
  const { body: session } = await call('POST', '/v1/sessions', USER);
  const token = session.token;
  const launcher = parlor.launcher;

  return {
    url,
    /** Resolves once the warm pool (if any) has all its idle servers. */
    whenWarm: () => (typeof launcher.whenFull === 'function' ? launcher.whenFull() : Promise.resolve()),
    /** POST /v1/games until the reply carries a connect token; throws on anything else. */
    async createGame() {
      const res = await call('POST', '/v1/games', { type: 'gem-rush' }, token);
      if (res.status !== 201 || typeof res.body?.connectToken !== 'string') {
        throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return res.body.gameId;
    },
    async deleteGame(gameId) {
      const res = await call('DELETE', `/v1/games/${gameId}`, undefined, token);
      if (res.status >= 300) throw new Error(`delete failed: ${res.status} ${JSON.stringify(res.body)}`);
    },
    /** Waits (bounded) until the launcher runs no game server: stops happen in the background. */
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await launcher.list()).length > 0) {
        if (Date.now() > deadline) throw new Error('game servers still running after their games ended');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    stop,
  };
}
