import type { GamePlayer, Rng } from '@parlor/protocol';
import { ARENA, GEM, round1, rulesFor, type GemRushState, type Runner } from './state.js';

const MARGIN = 40;

export function newRunner(player: GamePlayer, index: number, count: number): Runner {
  const angle = (2 * Math.PI * index) / Math.max(1, count);
  return {
    playerId: player.playerId,
    displayName: player.displayName,
    x: round1(ARENA.width / 2 + Math.cos(angle) * 220),
    y: round1(ARENA.height / 2 + Math.sin(angle) * 220),
    dirX: 0,
    dirY: 0,
    score: 0,
    gems: 0,
    hits: 0,
    stunnedMs: 0,
    shieldMs: HIT_FREE_START_MS,
    dashMs: 0,
    dashCooldownMs: 0,
    active: true,
  };
}

/** A short shield at the start so nobody is hit before they could move. */
const HIT_FREE_START_MS = 2_000;

export function hazardSpeed(state: GemRushState): number {
  const rules = rulesFor[state.difficulty];
  return rules.hazardSpeed * rules.speedUp ** state.level;
}

/** A new hazard enters from a random edge, heading somewhere into the arena. */
export function spawnHazard(state: GemRushState, rng: Rng): void {
  const speed = hazardSpeed(state);
  const r = round1(16 + rng() * 10);
  const side = Math.floor(rng() * 4);
  const along = rng();
  const x = side === 0 ? r : side === 1 ? ARENA.width - r : r + along * (ARENA.width - 2 * r);
  const y = side === 2 ? r : side === 3 ? ARENA.height - r : r + along * (ARENA.height - 2 * r);
  // Aim at a random point in the middle half of the arena.
  const tx = ARENA.width * (0.25 + rng() * 0.5);
  const ty = ARENA.height * (0.25 + rng() * 0.5);
  const len = Math.hypot(tx - x, ty - y) || 1;
  state.hazards.push({
    x: round1(x),
    y: round1(y),
    vx: round1(((tx - x) / len) * speed),
    vy: round1(((ty - y) / len) * speed),
    r,
  });
}

export function spawnGem(state: GemRushState, rng: Rng): void {
  const x = MARGIN + rng() * (ARENA.width - 2 * MARGIN);
  const y = MARGIN + rng() * (ARENA.height - 2 * MARGIN);
  const gold = rng() < GEM.goldChance;
  state.gems[String(state.nextGemId++)] = {
    x: round1(x),
    y: round1(y),
    value: gold ? GEM.goldValue : GEM.value,
  };
}

export function targetGemCount(state: GemRushState): number {
  return 3 + Object.values(state.runners).filter((r) => r.active).length;
}

export function refillGems(state: GemRushState, rng: Rng): void {
  const target = targetGemCount(state);
  while (Object.keys(state.gems).length < target) spawnGem(state, rng);
}
