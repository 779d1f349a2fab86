/** Gem Rush state: plain data, synchronised to the players as immer patches. */

export interface Runner {
  playerId: string;
  displayName: string;
  x: number;
  y: number;
  /** Steering direction, each in [-1, 1]. */
  dirX: number;
  dirY: number;
  score: number;
  gems: number;
  hits: number;
  /** While > 0 the runner cannot move (just hit). */
  stunnedMs: number;
  /** While > 0 hazards pass through the runner (just recovered). */
  shieldMs: number;
  /** While > 0 the runner moves at dash speed. */
  dashMs: number;
  dashCooldownMs: number;
  /** False once the player left the game; the score still counts. */
  active: boolean;
}

export interface Gem {
  x: number;
  y: number;
  value: number;
}

export interface Hazard {
  x: number;
  y: number;
  vx: number;
  vy: number;
  r: number;
}

export interface GemRushState {
  difficulty: Difficulty;
  width: number;
  height: number;
  durationMs: number;
  elapsedMs: number;
  /** Hazard level: goes up every `levelEveryMs`; more and faster hazards. */
  level: number;
  nextGemId: number;
  runners: Record<string, Runner>;
  gems: Record<string, Gem>;
  hazards: Hazard[];
  over: boolean;
}

export type Difficulty = 'easy' | 'normal' | 'hard';
export const difficulties: readonly Difficulty[] = ['easy', 'normal', 'hard'];

export interface DifficultyRules {
  hazards: number;
  hazardSpeed: number;
  levelEveryMs: number;
  /** Speed multiplier applied at each new level. */
  speedUp: number;
  maxHazards: number;
  /** Share of a runner's score lost on a hit (at least 1 point). */
  hitPenalty: number;
}

export const rulesFor: Readonly<Record<Difficulty, DifficultyRules>> = {
  easy: { hazards: 2, hazardSpeed: 110, levelEveryMs: 45_000, speedUp: 1.08, maxHazards: 6, hitPenalty: 0.1 },
  normal: {
    hazards: 3,
    hazardSpeed: 160,
    levelEveryMs: 30_000,
    speedUp: 1.12,
    maxHazards: 9,
    hitPenalty: 0.2,
  },
  hard: {
    hazards: 4,
    hazardSpeed: 210,
    levelEveryMs: 20_000,
    speedUp: 1.15,
    maxHazards: 12,
    hitPenalty: 0.3,
  },
};

export const ARENA = { width: 1000, height: 700 } as const;
/** The round lengths the host may choose (minutes); 3 unless they choose. */
export const ROUND_MINUTES = [1, 3, 5] as const;
export const DEFAULT_ROUND_MINUTES = 3;
export const ROUND_MS = DEFAULT_ROUND_MINUTES * 60_000;
/** In the last FRENZY_MS every gem is worth double. */
export const FRENZY_MS = 30_000;
export const RUNNER = { radius: 18, speed: 260, dashSpeed: 620, dashMs: 220, dashCooldownMs: 3_000 } as const;
export const HIT = { stunMs: 1_000, shieldMs: 1_500 } as const;
export const GEM = { radius: 12, goldChance: 0.12, goldValue: 5, value: 1 } as const;

export function isDifficulty(value: string): value is Difficulty {
  return (difficulties as readonly string[]).includes(value);
}

/** Positions go over the wire at every tick: one decimal is plenty. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
