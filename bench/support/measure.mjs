import { fork } from 'node:child_process';

/** Forks the socket clients and drives them over IPC. */
export async function startClients(url, count, firstFrames) {
  const child = fork(new URL('./ws-clients.mjs', import.meta.url), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type) =>
    new Promise((resolve) => child.once('message', (m) => m.type === type && resolve(m)));
  child.send({ url, count, firstFrames });
  await next('connected');
  return {
    async count() {
      child.send({ type: 'count' });
      return next('count');
    },
    stop() {
      child.send({ type: 'stop' });
    },
  };
}

/** Runs `ms` of steady state and reports deliveries/s plus this process's CPU and memory. */
export async function measureWindow(clients, ms, rssBefore) {
  const start = await clients.count();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(cpu0);
  const elapsed = (performance.now() - t0) / 1000;
  const end = await clients.count();
  return {
    deliveriesPerSec: (end.received - start.received) / elapsed,
    bytesPerSec: (end.bytes - start.bytes) / elapsed,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100,
    rssDeltaMiB: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
  };
}

export const fmt = (n, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
