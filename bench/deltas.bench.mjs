// Deltas and joins on the game server: bytes per delta frame on Colyseus' benchmark workload
// (10 entities, x and y change every tick) and on a nested one (objects, a growing and
// shrinking array, strings); then how long N players take to join one room, every one
// welcomed. Loopback only, bounded: a few seconds per workload and size.
import { fork } from 'node:child_process';
import { WebSocket } from 'ws';
import { encodeFrame } from '@parlor/protocol';
import { entities, nested, parlorLogic } from './support/workloads.mjs';
import { benchRoom as room } from './support/bench-room.mjs';

const JOINS = (process.env.BENCH_JOINS ?? '1000,2000').split(',').map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 2000);

/** The host's socket: every frame after the welcome is counted. */
async function host(url, hello) {
  const ws = new WebSocket(url);
  const frames = [];
  await new Promise((r) => ws.once('open', r));
  const welcomed = new Promise((resolve) =>
    ws.on('message', (data) =>
      frames.length === 0 && !ws.welcomed ? ((ws.welcomed = true), resolve()) : frames.push(data.length),
    ),
  );
  ws.send(hello);
  await welcomed;
  return { ws, frames };
}

async function bytesPerDelta(workload) {
  const { server, hello, url } = await room(parlorLogic(workload, 2), 2);
  const h = await host(url, hello(0));
  h.ws.send(encodeFrame({ type: 'configure', difficulty: 'normal' }));
  await new Promise((r) => setTimeout(r, 500));
  const from = h.frames.length;
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const sizes = h.frames.slice(from);
  h.ws.terminate();
  await server.stop();
  return {
    frames: sizes.length,
    mean: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length),
    max: Math.max(...sizes),
  };
}

async function joins(n) {
  const { server, hello, url } = await room(parlorLogic(entities, n), n);
  const h = await host(url, hello(0));
  const frames = Array.from({ length: n - 1 }, (_, i) => Buffer.from(hello(i + 1)).toString('base64'));
  const child = fork(new URL('./support/game-clients.mjs', import.meta.url), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const cpu0 = process.cpuUsage();
  child.send({ url, count: n - 1, firstFrames: frames });
  const joined = await new Promise((r) => child.once('message', r));
  const cpu = process.cpuUsage(cpu0);
  child.send({ type: 'stop' });
  h.ws.terminate();
  await server.stop();
  return { ...joined, cpuMs: (cpu.user + cpu.system) / 1000, hostFrames: h.frames.length };
}

console.log(`bytes per delta frame (WebSocket payload), ${WINDOW_MS} ms of steady state at 20 Hz`);
for (const w of [entities, nested]) {
  const r = await bytesPerDelta(w);
  console.log(`  ${w.name}: mean ${r.mean.toFixed(1)} B, max ${r.max} B over ${r.frames} frames`);
}
console.log(
  'players joining one room (the host plus N-1 sockets from a child process, until every one is welcomed)',
);
for (const n of JOINS) {
  const r = await joins(n);
  const verdict =
    r.all && r.errors === 0
      ? `${(r.ms / 1000).toFixed(2)} s`
      : `FAILED (all joined: ${r.all}, errors: ${r.errors})`;
  console.log(
    `  ${n} players: ${verdict}, game-server CPU ${(r.cpuMs / 1000).toFixed(2)} s, frames to the host meanwhile ${r.hostFrames}`,
  );
}
process.exit(0);
