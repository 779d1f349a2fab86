// Gem Rush with its rounds at half the length the host picks (the 1-minute round the browser
// test picks lasts 30 s), so that a browser test sees a whole game: long enough to chat and
// reload mid-game, short enough to wait for, and the host's choice still reaches the game.
import { serveGemRushWithRound } from '../../../../server/test/fixtures/gem-rush-game-server.mjs';

await serveGemRushWithRound((pickedMs) => pickedMs / 2);
