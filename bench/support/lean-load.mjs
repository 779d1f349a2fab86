// A closed-loop HTTP/1.1 load generator that costs almost nothing per request: one prebuilt
// request, keep-alive sockets, and just enough parsing to find each response's end and status.
// For hash-bound routes, where every millisecond the load generator spends on the machine's
// cores is a millisecond argon2 does not get (autocannon spends about 0.4 ms per request at
// these rates, measured).
import net from 'node:net';

/**
 * Sends `request` (method, path, headers, body) over `connections` sockets to `address` for
 * `seconds`; resolves to { total, non2xx, duration } like autocannon's result fields.
 */
export function leanLoad({ address, method, path, headers = {}, body = '', connections, seconds }) {
  const { hostname, port } = new URL(address);
  const head = [`${method} ${path} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: keep-alive'];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${Buffer.byteLength(body)}`);
  const request = Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`);
  const started = performance.now();
  const until = started + seconds * 1000;
  let total = 0;
  let non2xx = 0;

  const drive = () =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.setNoDelay(true);
      let pending = Buffer.alloc(0);
      socket.on('connect', () => socket.write(request));
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        for (;;) {
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) return;
          const headText = pending.subarray(0, end).toString('latin1');
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? 0);
          if (pending.length < end + 4 + length) return;
          const status = Number(headText.slice(9, 12));
          total++;
          if (status < 200 || status > 299) non2xx++;
          pending = pending.subarray(end + 4 + length);
          if (performance.now() >= until) {
            socket.end();
            resolve();
            return;
          }
          socket.write(request);
        }
      });
    });

  return Promise.all(Array.from({ length: connections }, drive)).then(() => ({
    requests: { total },
    non2xx,
    errors: 0,
    duration: (performance.now() - started) / 1000,
  }));
}
