import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { GameServerSecrets } from '@parlor/protocol';
import type { Logger } from './logger.js';

const MAX_BODY_BYTES = 4096;

/** The launcher's single IPC message (`child_process.fork` + `send`). */
export function receiveSecretsOverIpc(
  proc: Pick<NodeJS.Process, 'once' | 'off' | 'disconnect' | 'connected'>,
  timeoutMs: number,
): Promise<GameServerSecrets> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.off('message', onMessage);
      reject(new Error('no secrets arrived over IPC in time'));
    }, timeoutMs);
    function onMessage(message: unknown) {
      clearTimeout(timer);
      const parsed = GameServerSecrets.safeParse(message);
      // The channel has done its one job; closing it tells the launcher we have them.
      // Not from inside the 'message' event: Node's IPC code still uses the channel then.
      setImmediate(() => {
        if (proc.connected) proc.disconnect();
      });
      if (parsed.success) resolve(parsed.data);
      else reject(new Error('the IPC secrets message is malformed'));
    }
    proc.once('message', onMessage);
  });
}

/**
 * Container mode: one `POST /secrets` with the JSON body, answered 204, then the
 * listener closes for good. Malformed bodies get 400 and the listener keeps waiting.
 */
export function receiveSecretsOverHttp(o: {
  host: string;
  port: number;
  timeoutMs: number;
  log: Logger;
}): Promise<GameServerSecrets> {
  return new Promise((resolve, reject) => {
    let taken = false;
    const server = createServer((req, res) => void handle(req, res));
    const timer = setTimeout(() => {
      close();
      reject(new Error('no secrets arrived over HTTP in time'));
    }, o.timeoutMs);
    function close() {
      server.close();
      server.closeAllConnections();
    }
    async function handle(req: IncomingMessage, res: ServerResponse) {
      const answer = (status: number) => res.writeHead(status, { connection: 'close' }).end();
      if (taken) return answer(409);
      if (req.method !== 'POST' || req.url !== '/secrets') return answer(404);
      const body = await readBody(req);
      if (taken) return answer(409);
      let json: unknown;
      try {
        json = body === null ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const parsed = GameServerSecrets.safeParse(json);
      if (!parsed.success) {
        o.log.warn('refused a malformed secrets body');
        return answer(400);
      }
      taken = true;
      clearTimeout(timer);
      res.writeHead(204, { connection: 'close' }).end(() => close());
      resolve(parsed.data);
    }
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    server.listen(o.port, o.host, () => o.log.info('waiting for secrets', { port: o.port }));
  });
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
