import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = `${ROOT}packages/server/dist/main.js`;

/** Builds the packages so `dist/main.js` is current (incremental, so cheap when nothing changed). */
export async function buildServer(): Promise<void> {
  await promisify(execFile)(`${ROOT}node_modules/.bin/tsc`, ['-b'], { cwd: ROOT });
}

export interface ServerProcess {
  url: string;
  bootstrapCode: string | undefined;
  output: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node packages/server/dist/main.js` on a free loopback port with `env` added. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PARLOR_HOST: '127.0.0.1', PARLOR_PORT: '0', PARLOR_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => reject(new Error(`server exited:\n${out}`)));
  });
  // The bootstrap line follows the listening line in the same write burst, or very soon after.
  await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    // main.ts prints "…one-time setup code: <code>" (README, First steps).
    bootstrapCode: /setup code: (\S+)/.exec(out)?.[1],
    output: () => out,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** JSON over fetch against a server process. */
export async function request(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function signUpAt(base: string, username: string, password = 'a long enough passphrase') {
  const reg = await request(base, 'POST', '/v1/accounts', { body: { username, password } });
  if (reg.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(reg.body)}`);
  return logInAt(base, username, password);
}

export async function logInAt(base: string, username: string, password = 'a long enough passphrase') {
  const res = await request(base, 'POST', '/v1/sessions', { body: { username, password } });
  if (res.status !== 201) throw new Error(`login failed: ${JSON.stringify(res.body)}`);
  return { token: res.body.token as string, userId: res.body.user.id as string };
}
