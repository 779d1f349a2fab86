export { builtInGames, builtInGameTypes, findBuiltInGame } from './registry.js';
export { createSeededRng, rankByScore } from './rng.js';
export { gemRush, gemRushMeta, GemRushInput } from './gem-rush/index.js';
export type { GemRushState, Runner, Gem, Hazard, Difficulty } from './gem-rush/index.js';
