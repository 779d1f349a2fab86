/**
 * Three in a row for two players, as Parlor mini-game handlers (see README.md). Every game gets
 * its own object from `ticTacToe()`, so games never share state. Inputs come from hostile
 * clients: anything that is not a free cell on the mover's turn is ignored.
 */
const LINES = [
  [
    [0, 0],
    [0, 1],
    [0, 2],
  ],
  [
    [1, 0],
    [1, 1],
    [1, 2],
  ],
  [
    [2, 0],
    [2, 1],
    [2, 2],
  ],
  [
    [0, 0],
    [1, 0],
    [2, 0],
  ],
  [
    [0, 1],
    [1, 1],
    [2, 1],
  ],
  [
    [0, 2],
    [1, 2],
    [2, 2],
  ],
  [
    [0, 0],
    [1, 1],
    [2, 2],
  ],
  [
    [0, 2],
    [1, 1],
    [2, 0],
  ],
];
const TURN_MS = { easy: 30_000, hard: 10_000 };

/**
 * The cell a player picked: the web client's component input (`{id: "cell", value: {row, col}}`
 * from the grid, `{id: "move", value: "5"}` from the numbered choices) or the example's own
 * front end (`{cell: [row, col]}`). Anything else is undefined: inputs come from players' clients.
 */
export function cellOf(input) {
  if (typeof input !== 'object' || input === null) return undefined;
  const { id, value } = input;
  if (id === 'cell' && typeof value === 'object' && value !== null) return cellAt(value.row, value.col);
  if (id === 'move' && typeof value === 'string') return numbered(Number(value));
  if (Array.isArray(input.cell)) return cellAt(input.cell[0], input.cell[1]);
  return undefined;
}

const cellAt = (r, c) => (Number.isInteger(r) && Number.isInteger(c) ? [r, c] : undefined);
const numbered = (n) =>
  Number.isInteger(n) && n >= 1 && n <= 9 ? [Math.floor((n - 1) / 3), (n - 1) % 3] : undefined;

export function ticTacToe() {
  let board = [
    ['', '', ''],
    ['', '', ''],
    ['', '', ''],
  ];
  let players = [];
  let turn = 0;
  let moves = 0;
  let turnMs = TURN_MS.easy;
  let over = false;

  const mark = (i) => (i === 0 ? 'X' : 'O');
  const publish = (ctx) => {
    ctx.state({
      board,
      marks: players.map((p, i) => ({ name: p.displayName, mark: mark(i) })),
      turn: over ? null : players[turn]?.displayName,
      over,
    });
    players.forEach((p, i) => ctx.view(p.playerId, viewFor(i)));
  };
  const viewFor = (i) => {
    const mine = i === turn && !over;
    const free = [];
    board.forEach((row, r) => row.forEach((v, c) => v === '' && free.push(String(r * 3 + c + 1))));
    return [
      { kind: 'heading', text: `You are ${mark(i)}` },
      { kind: 'text', text: mine ? 'Your move: pick a cell.' : `Waiting for ${players[turn]?.displayName}.` },
      { kind: 'grid', id: 'cell', rows: board.map((row) => row.map((v) => v || '·')) },
      ...(mine
        ? [{ kind: 'choices', id: 'move', options: free.map((v) => ({ value: v, label: `Cell ${v}` })) }]
        : []),
      ...(mine ? [{ kind: 'countdown', endsInMs: turnMs }] : []),
    ];
  };
  const winner = () =>
    LINES.find(
      ([a, b, c]) =>
        board[a[0]][a[1]] &&
        board[a[0]][a[1]] === board[b[0]][b[1]] &&
        board[a[0]][a[1]] === board[c[0]][c[1]],
    );
  const finish = (ctx, winnerIndex, why) => {
    over = true;
    publish(ctx);
    ctx.results({
      players: players.map((p, i) => ({
        playerId: p.playerId,
        score: winnerIndex === undefined ? 0 : i === winnerIndex ? 1 : 0,
        rank: winnerIndex === undefined || i === winnerIndex ? 1 : 2,
      })),
      summary: winnerIndex === undefined ? why : `${players[winnerIndex].displayName} wins ${why}`,
    });
  };
  const nextTurn = (ctx) => {
    turn = 1 - turn;
    ctx.timer(`turn-${moves}`, turnMs);
    publish(ctx);
  };

  return {
    start(ctx, e) {
      players = e.players.slice(0, 2);
      turnMs = TURN_MS[e.difficulty] ?? TURN_MS.easy;
      if (players.length < 2) return finish(ctx, 0, 'by walkover');
      ctx.timer(`turn-${moves}`, turnMs);
      publish(ctx);
    },
    input(ctx, playerId, input) {
      const cell = cellOf(input);
      if (over || !cell || players[turn]?.playerId !== playerId) return;
      const [r, c] = cell;
      if (board[r]?.[c] !== '') return;
      board[r][c] = mark(turn);
      moves += 1;
      if (winner()) return finish(ctx, turn, 'with three in a row');
      if (moves === 9) return finish(ctx, undefined, 'A draw: the board is full');
      nextTurn(ctx);
    },
    timer(ctx, id) {
      // A slow player's turn passes to a random free cell, so a game always ends.
      if (over || id !== `turn-${moves}`) return;
      const free = [];
      board.forEach((row, r) => row.forEach((v, c) => v === '' && free.push([r, c])));
      const [r, c] = free[Math.floor(Math.random() * free.length)];
      this.input(ctx, players[turn].playerId, { cell: [r, c] });
    },
    left(ctx, playerId) {
      const i = players.findIndex((p) => p.playerId === playerId);
      if (over || i < 0) return;
      const stayer = 1 - i;
      players = [players[stayer]];
      turn = 0;
      finish(ctx, 0, 'because the other player left');
    },
  };
}
