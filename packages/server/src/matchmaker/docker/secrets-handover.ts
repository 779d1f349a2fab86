/**
 * Hands a started container its secrets: one `POST /secrets` to the listener the game
 * server opens on the private network (or loopback, with host networking). The listener
 * takes exactly one body, so a 204 means our secrets are the ones it runs with.
 */
import { request } from 'node:http';
import type { GameServerSecrets } from '@parlor/protocol';

export interface HandoverOptions {
  host: string;
  port: number;
  secrets: GameServerSecrets;
  /** Give up after this long; the container may be slow to start but not this slow. */
  deadlineMs: number;
  retryDelayMs?: number;
  /** Asked between attempts, so that a container that died fails the launch at once. */
  stillRunning: () => Promise<boolean>;
}

export class SecretsHandoverError extends Error {
  override name = 'SecretsHandoverError';
}

export async function handOverSecrets(o: HandoverOptions): Promise<void> {
  const body = JSON.stringify(o.secrets);
  const deadline = Date.now() + o.deadlineMs;
  let lastError = 'no attempt';
  for (;;) {
    const outcome = await postOnce(o.host, o.port, body, Math.max(1, deadline - Date.now()));
    if (outcome.status === 204) return;
    // Any answer but 204 means the listener is up and refused us: a second POST (409, so
    // someone else's secrets got there first) or a body it cannot read (400). Retrying
    // cannot fix either, and the first must fail the launch loudly.
    if (outcome.status !== null) {
      throw new SecretsHandoverError(`the secrets listener answered ${outcome.status}, not 204`);
    }
    lastError = outcome.error;
    if (Date.now() >= deadline) break;
    if (!(await o.stillRunning()))
      throw new SecretsHandoverError('the container stopped before taking its secrets');
    await new Promise((resolve) => setTimeout(resolve, o.retryDelayMs ?? 50));
  }
  throw new SecretsHandoverError(`the secrets listener was not reachable in time (${lastError})`);
}

/** Never throws; never puts the body into an error (errors end up in logs). */
function postOnce(
  host: string,
  port: number,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; error?: never } | { status: null; error: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port,
        method: 'POST',
        path: '/secrets',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: Math.min(timeoutMs, 2_000),
      },
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
