/**
 * A minimal Docker Engine API client over `node:http`: the dozen calls the launcher makes
 * and nothing else, so that the socket proxy's allow-list (deploy/docker-socket-proxy/) is
 * exactly this file's surface. Paths are unversioned unless `apiVersion` is set: the engine
 * then speaks its own version, and old engines and new ones (which drop old versions) both work.
 */
import { request } from 'node:http';
import type { ContainerCreateBody, ContainerInspect, ContainerSummary } from './engine-types.js';

export interface DockerEndpoint {
  socketPath?: string;
  host?: string;
  port?: number;
}

/** `unix:///var/run/docker.sock`, `tcp://proxy:2375` or `http://proxy:2375` (a socket proxy). */
export function parseDockerHost(value: string): DockerEndpoint {
  if (value.startsWith('unix://')) return { socketPath: value.slice('unix://'.length) };
  if (value.startsWith('/')) return { socketPath: value };
  const url = new URL(value.replace(/^tcp:/, 'http:'));
  if (url.protocol !== 'http:')
    throw new Error(`unsupported Docker host ${value}: use unix://, tcp:// or http://`);
  return { host: url.hostname, port: Number(url.port || 2375) };
}

export class DockerEngineError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(`docker ${method} ${path}: ${status} ${message}`);
    this.name = 'DockerEngineError';
  }
}

interface CallOptions {
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  signal?: AbortSignal;
  /** Statuses that are an answer, not an error (404 for "already gone", 304 for "already stopped"). */
  accept?: number[];
}

export class DockerEngine {
  constructor(
    private readonly endpoint: DockerEndpoint,
    private readonly o: { apiVersion?: string } = {},
  ) {}

  async createContainer(name: string, body: ContainerCreateBody): Promise<string> {
    const { data } = await this.call('POST', '/containers/create', { query: { name }, body });
    return (data as { Id: string }).Id;
  }

  async startContainer(id: string): Promise<void> {
    await this.call('POST', `/containers/${enc(id)}/start`, { accept: [304] });
  }

  /** null when there is no such container. */
  async inspectContainer(idOrName: string): Promise<ContainerInspect | null> {
    const { status, data } = await this.call('GET', `/containers/${enc(idOrName)}/json`, { accept: [404] });
    return status === 404 ? null : (data as ContainerInspect);
  }

  /** Running and stopped containers carrying every one of `labels`. */
  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const filters = JSON.stringify({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) });
    const { data } = await this.call('GET', '/containers/json', { query: { all: true, filters } });
    return data as ContainerSummary[];
  }

  /** SIGTERM, then SIGKILL after `seconds`; a stopped or missing container is fine. */
  async stopContainer(id: string, seconds: number): Promise<void> {
    await this.call('POST', `/containers/${enc(id)}/stop`, { query: { t: seconds }, accept: [304, 404] });
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    // 409: not running, which is what we wanted.
    await this.call('POST', `/containers/${enc(id)}/kill`, { query: { signal }, accept: [404, 409] });
  }

  async removeContainer(id: string): Promise<void> {
    await this.call('DELETE', `/containers/${enc(id)}`, { query: { force: true }, accept: [404] });
  }

  async renameContainer(id: string, name: string): Promise<void> {
    await this.call('POST', `/containers/${enc(id)}/rename`, { query: { name } });
  }

  /** Resolves with the exit status once the container is not running; a long poll. */
  async waitContainer(id: string, signal?: AbortSignal): Promise<number> {
    const { data } = await this.call('POST', `/containers/${enc(id)}/wait`, {
      query: { condition: 'not-running' },
      ...(signal ? { signal } : {}),
    });
    return (data as { StatusCode: number }).StatusCode;
  }

  /** null when the image is not there (it is never pulled). */
  async inspectImage(name: string): Promise<{ Id: string; Size: number } | null> {
    const { status, data } = await this.call('GET', `/images/${enc(name)}/json`, { accept: [404] });
    return status === 404 ? null : (data as { Id: string; Size: number });
  }

  private call(
    method: string,
    path: string,
    o: CallOptions = {},
  ): Promise<{ status: number; data: unknown }> {
    const query = o.query
      ? `?${new URLSearchParams(Object.entries(o.query).map(([k, v]): [string, string] => [k, String(v)]))}`
      : '';
    const fullPath = `${this.o.apiVersion ? `/v${this.o.apiVersion}` : ''}${path}${query}`;
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          ...this.endpoint,
          method,
          path: fullPath,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {},
          ...(o.signal ? { signal: o.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            const data = parseJson(text);
            if ((status >= 200 && status < 300) || o.accept?.includes(status))
              return resolve({ status, data });
            const message = (data as { message?: string } | null)?.message ?? text.slice(0, 200);
            reject(new DockerEngineError(status, method, path, message));
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
