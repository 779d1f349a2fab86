import {
  RevocationsAnswer,
  StatusAck,
  gameReportPath,
  type HeartbeatReport,
  type HostReport,
  type ReadyReport,
  type PlayerRevocation,
  type ReportKind,
  type RevocationsPoll,
  type StatusReport,
} from '@parlor/protocol';
import { sleep, type Clock } from './clock.js';
import { errorFields, type Logger } from './logger.js';

export type HeartbeatOutcome = 'ok' | 'forgotten' | 'failed';
export type RevocationsOutcome =
  { kind: 'ok'; revocations: PlayerRevocation[] } | { kind: 'forgotten' } | { kind: 'failed' };

/** The game server's side of the control-plane contract (see docs/game-server.md). */
export interface ControlReporter {
  /** Resolves true once the control plane took the report (retries a few times). */
  ready(body: ReadyReport): Promise<boolean>;
  heartbeat(body: HeartbeatReport): Promise<HeartbeatOutcome>;
  /** Resolves true only on a 2xx answer with body `{ack: true}`. */
  status(body: StatusReport): Promise<boolean>;
  /** Resolves true once the control plane recorded the new host (retries a few times). */
  host(body: HostReport): Promise<boolean>;
  /** One long poll for players the platform put out; `signal` aborts it (shutdown). */
  revocations(body: RevocationsPoll, signal: AbortSignal): Promise<RevocationsOutcome>;
}

export interface HttpReporterOptions {
  controlUrl: string;
  gameId: string;
  reportingToken: string;
  clock: Clock;
  log: Logger;
  fetch?: typeof globalThis.fetch;
  /** Attempts for ready and status reports (network errors and 5xx are retried). */
  attempts?: number;
  baseDelayMs?: number;
  requestTimeoutMs?: number;
  /** A revocations poll is held by the control plane up to 20 s; it is given up after this. */
  pollTimeoutMs?: number;
}

type Answer = { kind: 'network' } | { kind: 'http'; status: number; body: unknown };

export function createHttpControlReporter(o: HttpReporterOptions): ControlReporter {
  const doFetch = o.fetch ?? globalThis.fetch;
  const attempts = o.attempts ?? 5;
  const baseDelayMs = o.baseDelayMs ?? 250;
  const timeoutMs = o.requestTimeoutMs ?? 5_000;
  const base = o.controlUrl.replace(/\/+$/, '');

  async function post(kind: ReportKind, body: unknown, signal?: AbortSignal): Promise<Answer> {
    try {
      const res = await doFetch(`${base}${gameReportPath(o.gameId, kind)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.reportingToken}` },
        body: JSON.stringify(body),
        signal: signal ?? AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      return { kind: 'http', status: res.status, body: parsed };
    } catch (err) {
      if (!signal?.aborted || kind !== 'revocations')
        o.log.warn('report failed to reach the control plane', { kind, ...errorFields(err) });
      return { kind: 'network' };
    }
  }

  /** Retries network errors and 5xx with exponential backoff; returns the last answer. */
  async function postWithRetry(kind: ReportKind, body: unknown): Promise<Answer> {
    let answer: Answer = { kind: 'network' };
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(o.clock, baseDelayMs * 2 ** (attempt - 1));
      answer = await post(kind, body);
      if (answer.kind === 'http' && answer.status < 500) return answer;
    }
    return answer;
  }

  const is2xx = (a: Answer) => a.kind === 'http' && a.status >= 200 && a.status < 300;

  return {
    async ready(body) {
      const answer = await postWithRetry('ready', body);
      if (!is2xx(answer)) o.log.error('ready report refused', { status: statusOf(answer) });
      return is2xx(answer);
    },
    async heartbeat(body) {
      const answer = await post('heartbeat', body);
      if (is2xx(answer)) return 'ok';
      // The control plane refuses the token of a game that is over (401); older ones said 404/410.
      if (answer.kind === 'http' && [401, 404, 410].includes(answer.status)) return 'forgotten';
      return 'failed';
    },
    async status(body) {
      const answer = await postWithRetry('status', body);
      const acked = is2xx(answer) && answer.kind === 'http' && StatusAck.safeParse(answer.body).success;
      if (!acked)
        o.log.error('status report not acknowledged', { status: statusOf(answer), report: body.status });
      return acked;
    },
    async host(body) {
      const answer = await postWithRetry('host', body);
      if (!is2xx(answer)) o.log.warn('host report refused', { status: statusOf(answer) });
      return is2xx(answer);
    },
    async revocations(body, signal) {
      const timeout = AbortSignal.timeout(o.pollTimeoutMs ?? 30_000);
      const answer = await post('revocations', body, AbortSignal.any([signal, timeout]));
      if (answer.kind === 'http' && [401, 404, 410].includes(answer.status)) return { kind: 'forgotten' };
      const parsed =
        is2xx(answer) && answer.kind === 'http' ? RevocationsAnswer.safeParse(answer.body) : null;
      return parsed?.success ? { kind: 'ok', revocations: parsed.data.revocations } : { kind: 'failed' };
    },
  };
}

function statusOf(answer: Answer): number | 'network' {
  return answer.kind === 'http' ? answer.status : 'network';
}
