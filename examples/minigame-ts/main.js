#!/usr/bin/env node
// Three in a row on @parlor/minigame-kit:
//   node examples/minigame-ts/main.js --url http://127.0.0.1:8080 --key plk_…
import { argsFromCommandLine, connectMinigame } from '@parlor/minigame-kit';
import { ticTacToe } from './tic-tac-toe.js';

const { url, key } = argsFromCommandLine();
const connection = connectMinigame({ url, key, game: ticTacToe });
process.on('SIGTERM', () => connection.stop());
connection.stopped.then(() => process.exit(0));
