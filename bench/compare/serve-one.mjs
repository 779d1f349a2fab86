// One server under test, in a process of its own so that its CPU time and memory are its own:
// told which kind and how many clients over IPC, it answers where to connect, then starts the
// workload, and reports CPU time, resident memory and the wall-clock time of every tick.
const KINDS = {
  parlor: async () => (await import('./parlor-server.mjs')).startParlor,
  colyseus: async () => (await import('./colyseus-server.mjs')).startColyseus,
  ws: async () => (await import('./plain-servers.mjs')).startPlainWs,
  floor: async () => (await import('./plain-servers.mjs')).startFloor,
};

let ticks = [];
const onTick = () => ticks.push(performance.timeOrigin + performance.now());
const usage = () => {
  const { user, system } = process.cpuUsage();
  return { cpuUs: user + system, rss: process.memoryUsage().rss };
};

process.once('message', async ({ kind, hz, clients }) => {
  const start = await (await KINDS[kind]())(hz, onTick, clients);
  const { urls, url, firstFrames, replyToWelcome } = start;
  process.send({ type: 'listening', urls, url, firstFrames, replyToWelcome, ...usage() });
  process.on('message', async (msg) => {
    if (msg.type === 'start') start.start();
    if (msg.type === 'usage') {
      process.send({ type: 'usage', ticks, ...usage() });
      ticks = [];
    }
    if (msg.type === 'stop') {
      await start.stop();
      process.exit(0);
    }
  });
});
