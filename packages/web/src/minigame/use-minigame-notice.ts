import type { GameClient } from '@parlor/sdk';
import { useEffect, useState } from 'react';

/** While the mini-game's server is reconnecting, the words the game server sent; else null. */
export function useMinigameNotice(game: GameClient): string | null {
  const [notice, setNotice] = useState(() => game.notice);
  useEffect(() => {
    setNotice(game.notice);
    return game.on('notice', () => setNotice(game.notice));
  }, [game]);
  return notice;
}
