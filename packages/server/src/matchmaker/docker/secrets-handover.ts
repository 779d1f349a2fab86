/**
 * Hands a started container its secrets: one `POST /secrets` to the listener the game
 * server opens on the private network (or loopback, with host networking). The listener
 * takes exactly one body, so a 204 means our secrets are the ones it runs with.
 */
import { request } from 'node:http';
import type { GameServerSecrets } from '@parlor/protocol';
import type { LaunchSpec } from '../launcher.js';

export interface ListenerTarget {
  host: string;
  port: number;
  /** Give up after this long; the container may be slow to start but not this slow. */
  deadlineMs: number;
  retryDelayMs?: number;
  /** Asked between attempts, so that a container that died fails at once. */
  stillRunning: () => Promise<boolean>;
}

export class SecretsHandoverError extends Error {
  override name = 'SecretsHandoverError';
}

/** The one message a game server needs; `bind` is where it listens inside its container. */
export function secretsFor(
  spec: LaunchSpec,
  bind: { host: string; port: number },
  controlUrl: string,
): GameServerSecrets {
  return {
    type: 'parlor.secrets',
    gameId: spec.gameId,
    gameType: spec.gameType,
    connectKey: spec.secrets.connectKey.toString('base64url'),
    reportingToken: spec.secrets.reportingToken,
    controlUrl,
    maxPlayers: spec.maxPlayers,
    heartbeatIntervalMs: spec.heartbeatIntervalMs,
    host: bind.host,
    port: bind.port,
    ...(spec.minigame ? { minigame: spec.minigame } : {}),
  };
}

export async function handOverSecrets(o: ListenerTarget & { secrets: GameServerSecrets }): Promise<void> {
  const status = await untilAnswered(o, 'POST', JSON.stringify(o.secrets));
  // Any answer but 204 means the listener is up and refused us: a second POST (409, so
  // someone else's secrets got there first) or a body it cannot read (400). Retrying
  // cannot fix either, and the first must fail the launch loudly.
  if (status !== 204) throw new SecretsHandoverError(`the secrets listener answered ${status}, not 204`);
}

/**
 * Resolves once the listener is up, without using it up: it answers anything but
 * `POST /secrets` with 404 and goes on waiting. A warm-pool server is warm only then.
 */
export async function waitForSecretsListener(o: ListenerTarget): Promise<void> {
  await untilAnswered(o, 'GET');
}

async function untilAnswered(o: ListenerTarget, method: string, body?: string): Promise<number> {
  const deadline = Date.now() + o.deadlineMs;
  for (;;) {
    const outcome = await requestOnce(o.host, o.port, method, body, Math.max(1, deadline - Date.now()));
    if (outcome.status !== null) return outcome.status;
    if (Date.now() >= deadline) {
      throw new SecretsHandoverError(`the secrets listener was not reachable in time (${outcome.error})`);
    }
    if (!(await o.stillRunning())) {
      throw new SecretsHandoverError('the container stopped before taking its secrets');
    }
    await new Promise((resolve) => setTimeout(resolve, o.retryDelayMs ?? 25));
  }
}

/** Never throws; never puts the body into an error (errors end up in logs). */
function requestOnce(
  host: string,
  port: number,
  method: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<{ status: number; error?: never } | { status: null; error: string }> {
  return new Promise((resolve) => {
    const headers = body
      ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      : {};
    const req = request(
      { host, port, method, path: '/secrets', headers, timeout: Math.min(timeoutMs, 2_000) },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ status: null, error: err.code ?? err.message }),
    );
    req.end(body);
  });
}
