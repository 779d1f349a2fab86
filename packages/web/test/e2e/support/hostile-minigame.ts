import WebSocket from 'ws';

const SLY_VIEW = [
  { kind: 'heading', text: '<img src=x onerror="window.pwned=1">' },
  { kind: 'text', text: '<script>window.pwned=2</script>' },
  { kind: 'choices', id: 'pick', options: [{ value: 'b', label: '<b>bold</b>' }] },
  { kind: 'list', items: ['<a href="javascript:window.pwned=3">link</a>'] },
];

/**
 * A mini-game written with plain `ws` that puts markup and script in every text it sends.
 * Resolves, once connected, with a function that closes its sockets.
 */
export async function runHostileMinigame(url: string, key: string): Promise<() => void> {
  const base = url.replace(/^http/, 'ws');
  const sockets: WebSocket[] = [];
  const control = new WebSocket(`${base}/v1/minigames/connect`);
  sockets.push(control);
  control.on('open', () => control.send(JSON.stringify({ type: 'hello', key, protocolVersion: 1 })));
  control.on('message', (raw) => {
    const frame = JSON.parse(raw.toString());
    if (frame.type !== 'attach') return;
    const game = new WebSocket(`${base}${frame.path}`);
    sockets.push(game);
    const send = (m: unknown) => game.send(JSON.stringify(m));
    game.on('open', () => send({ type: 'attach', token: frame.token }));
    game.on('message', (data) => {
      const e = JSON.parse(data.toString());
      if (e.type !== 'start') return;
      send({ type: 'state', state: { '<i>round</i>': '<script>1</script>' } });
      for (const pl of e.players) send({ type: 'view', playerId: pl.playerId, view: SLY_VIEW });
    });
  });
  await new Promise<void>((resolve) => control.once('message', () => resolve()));
  return () => sockets.forEach((s) => s.terminate());
}
