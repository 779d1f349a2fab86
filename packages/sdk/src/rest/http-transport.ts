import { ParlorError } from '../parlor-error.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpTransportOptions {
  /** The Parlor's origin, e.g. `https://parlor.example` (no `/v1`). Empty: the page's own origin. */
  baseUrl: string;
  /** The session token (or an API key) sent as `Authorization: Bearer`. */
  token?: string | null;
  /** Retries of a 429 or 503 after the server's Retry-After (default 2). */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown at once (default 10 s). */
  maxRetryWaitSeconds?: number;
  fetch?: FetchLike;
  /** Called when the server says the session is over (401), so an app can show its sign-in. */
  onUnauthenticated?: (err: ParlorError) => void;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Not retried even on 429/503 (the caller retries with its own idempotency key). */
  noRetry?: boolean;
}

const RETRYABLE = new Set([429, 503]);

/** JSON over fetch with the error envelope turned into ParlorError and Retry-After honoured. */
export class HttpTransport {
  token: string | null;
  private readonly fetchFn: FetchLike;

  constructor(private readonly o: HttpTransportOptions) {
    this.token = o.token ?? null;
    this.fetchFn = o.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get baseUrl(): string {
    return this.o.baseUrl.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const maxRetries = options.noRetry ? 0 : (this.o.maxRetries ?? 2);
    for (let attempt = 0; ; attempt++) {
      const res = await this.send(method, path, options);
      if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
      const err = await toError(res);
      const wait = err.retryAfterSeconds ?? 1;
      if (RETRYABLE.has(res.status) && attempt < maxRetries && wait <= (this.o.maxRetryWaitSeconds ?? 10)) {
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      if (res.status === 401 && this.token) this.o.onUnauthenticated?.(err);
      throw err;
    }
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetchFn(this.baseUrl + path + queryString(options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (cause) {
      throw new ParlorError({
        code: 'NETWORK_ERROR',
        status: 0,
        message: `Could not reach the server (${(cause as Error).message})`,
      });
    }
  }
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toError(res: Response): Promise<ParlorError> {
  const header = Number(res.headers.get('retry-after'));
  let body: { error?: Partial<ParlorError> & { retryAfterSeconds?: number } } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not our envelope (a proxy's error page): the status still says what happened.
  }
  const e = body.error ?? {};
  return new ParlorError({
    code: typeof e.code === 'string' ? e.code : `HTTP_${res.status}`,
    status: res.status,
    message: typeof e.message === 'string' ? e.message : res.statusText || `HTTP ${res.status}`,
    retryAfterSeconds: e.retryAfterSeconds ?? (Number.isFinite(header) && header > 0 ? header : undefined),
    issues: e.issues,
  });
}
