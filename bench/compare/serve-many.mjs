// The servers of the many-games section, in a process of their own: told which kind, how many
// games and players over IPC, it starts them and answers where to connect and which processes
// are the servers (Parlor: its game-server children, this process only launches them; Colyseus:
// this process, which holds every room), then starts the workload and stops on request.
const KINDS = {
  'parlor-process': async (o) =>
    (await import('./parlor-games.mjs')).startParlorGames({ ...o, poolRooms: 0 }),
  'parlor-pooled': async (o) => (await import('./parlor-games.mjs')).startParlorGames(o),
  colyseus: async ({ games, players, hz }) =>
    (await import('./colyseus-server.mjs')).startColyseusRooms({
      hz,
      onTick: () => {},
      rooms: games,
      seatsPerRoom: players,
    }),
};

process.once('message', async ({ kind, games, players, hz, poolRooms, startTimeoutMs }) => {
  let servers;
  try {
    servers = await KINDS[kind]({ games, players, hz, poolRooms, startTimeoutMs });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return process.send({ type: 'failed', reason }, () => process.exit(1));
  }
  const { urls, firstFrames, startFrames, replyToWelcome, pids } = servers;
  process.send({ type: 'listening', urls, firstFrames, startFrames, replyToWelcome, pids });
  process.on('message', async (msg) => {
    if (msg.type === 'start') servers.start();
    if (msg.type === 'stop') {
      await servers.stop();
      process.exit(0);
    }
  });
});
