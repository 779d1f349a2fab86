// Gem Rush with a 30-second round, so that a browser test sees a whole game: long enough to chat
// and reload mid-game, short enough to wait for.
import { serveGemRushWithRound } from '../../../../server/test/fixtures/gem-rush-game-server.mjs';

await serveGemRushWithRound(30_000);
