// /healthz latency while one session floods the realtime socket: 1,000 sockets, each sending
// auth and 31 frames at once (the flood an outside review found pushed /healthz to 9.6 s).
// Run twice, each on a fresh Parlor: with the default socket caps, and with the caps raised
// out of the way (what the flood did before they existed). The flooder is a child process, so
// its CPU is not the server's. Bounded: one pass of sockets per run, then it stops.
//
// BENCH_SOCKETS (1000), BENCH_FRAMES (31), BENCH_CONCURRENCY (50): the flood's shape.
import { fork } from 'node:child_process';
import { serveParlor } from './support/serve-parlor.mjs';
import { signUpAndIn } from './support/sign-up.mjs';
import { probeHealth } from './support/healthz-probe.mjs';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 31);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const USER = { username: 'flood_user', password: 'a long benchmark passphrase' };

const UNCAPPED = {
  PARLOR_REALTIME_SOCKETS_PER_ADDRESS: '100000',
  PARLOR_REALTIME_SOCKETS_PER_USER: '10000',
  PARLOR_REALTIME_QUEUED_FRAMES_PER_USER: '100000',
};

async function run(label, env) {
  const { url, stop } = await serveParlor({
    ...env,
    // The flood's frames are all one user's; the frame rate cap stays at its default.
    PARLOR_CHAT_BURST: '100000',
  });
  try {
    const token = await signUpAndIn(url, USER);

    const idle = await probeHealth(url, new Promise((r) => setTimeout(r, 2000)));
    const flooder = fork(new URL('./support/realtime-flooder.mjs', import.meta.url), {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const finished = new Promise((resolve) =>
      flooder.on('message', (m) => m.type === 'done' && resolve(m.outcome)),
    );
    const t0 = performance.now();
    flooder.send({ url, token, sockets: SOCKETS, frames: FRAMES, concurrency: CONCURRENCY });
    const timeout = new Promise((r) => setTimeout(r, 120_000));
    const underFlood = await probeHealth(url, Promise.race([finished, timeout]));
    const outcome = await Promise.race([finished, timeout.then(() => 'timed out')]);
    const seconds = (performance.now() - t0) / 1000;
    flooder.kill();
    const ms = (v) => `${v.toFixed(1)} ms`;
    console.log(`\n${label}`);
    console.log(
      `  /healthz idle:        p50 ${ms(idle.p50)}  p99 ${ms(idle.p99)}  max ${ms(idle.max)}  (${idle.requests} requests)`,
    );
    console.log(
      `  /healthz under flood: p50 ${ms(underFlood.p50)}  p99 ${ms(underFlood.p99)}  max ${ms(underFlood.max)}  (${underFlood.requests} requests over ${seconds.toFixed(1)} s)`,
    );
    console.log(`  flood: ${JSON.stringify(outcome)}`);
  } finally {
    await stop();
  }
}

console.log(
  `Realtime flood bench: one session, ${SOCKETS} sockets (${CONCURRENCY} opening at a time), auth + ${FRAMES} frames each`,
);
await run('default caps', {});
await run('caps raised out of the way', UNCAPPED);
