import type { GameLogic, GameTypeMeta } from '@parlor/protocol';
import { gemRush } from './gem-rush/index.js';

/** Every game that ships with Parlor, by id. */
export const builtInGames: ReadonlyMap<string, GameLogic> = new Map<string, GameLogic>([
  [gemRush.meta.id, gemRush],
]);

export function findBuiltInGame(id: string): GameLogic | undefined {
  return builtInGames.get(id);
}

export function builtInGameTypes(): GameTypeMeta[] {
  return [...builtInGames.values()].map((game) => game.meta);
}
