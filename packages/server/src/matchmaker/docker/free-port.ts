import { createServer } from 'node:net';

/**
 * A port nothing listens on right now, for containers on the host's network (each needs its
 * own). Another process may take it before the container binds it; the launch then fails
 * and is retried by the caller, which is rare enough on a loopback interface.
 */
export async function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
