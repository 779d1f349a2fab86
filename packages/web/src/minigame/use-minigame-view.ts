import type { UiView } from '@parlor/protocol';
import type { GameClient } from '@parlor/sdk';
import { useEffect, useState } from 'react';

/** This player's latest private view, with a serial that changes on every new one (resets inputs). */
export function useMinigameView(game: GameClient): { view: UiView | null; serial: number } {
  const [current, setCurrent] = useState(() => ({ view: game.view, serial: 0 }));
  useEffect(() => {
    setCurrent((c) => ({ view: game.view, serial: c.serial + 1 }));
    return game.on('view', (view) => setCurrent((c) => ({ view, serial: c.serial + 1 })));
  }, [game]);
  return current;
}
