import type { GameTickContext } from '@parlor/protocol';
import { refillGems, spawnHazard } from './spawn.js';
import {
  ARENA,
  FRENZY_MS,
  GEM,
  HIT,
  RUNNER,
  round1,
  rulesFor,
  type GemRushState,
  type Runner,
} from './state.js';

/** One fixed step of the simulation. Mutates `state` (an immer draft at run time). */
export function step(state: GemRushState, dtMs: number, ctx: GameTickContext): void {
  if (state.over) return;
  state.elapsedMs += dtMs;
  levelUp(state, ctx);
  const runners = Object.values(state.runners).filter((r) => r.active);
  for (const runner of runners) moveRunner(runner, dtMs);
  bump(runners);
  for (const hazard of state.hazards) {
    hazard.x += (hazard.vx * dtMs) / 1000;
    hazard.y += (hazard.vy * dtMs) / 1000;
    if (hazard.x < hazard.r || hazard.x > ARENA.width - hazard.r) hazard.vx = -hazard.vx;
    if (hazard.y < hazard.r || hazard.y > ARENA.height - hazard.r) hazard.vy = -hazard.vy;
    hazard.x = round1(clamp(hazard.x, hazard.r, ARENA.width - hazard.r));
    hazard.y = round1(clamp(hazard.y, hazard.r, ARENA.height - hazard.r));
  }
  collectGems(state, runners, ctx);
  for (const runner of runners) checkHazards(state, runner, ctx);
  refillGems(state, ctx.rng);
  if (state.elapsedMs >= state.durationMs) state.over = true;
}

function levelUp(state: GemRushState, ctx: GameTickContext): void {
  const rules = rulesFor[state.difficulty];
  const level = Math.floor(state.elapsedMs / rules.levelEveryMs);
  while (state.level < level) {
    state.level += 1;
    const factor = rules.speedUp;
    for (const hazard of state.hazards) {
      hazard.vx = round1(hazard.vx * factor);
      hazard.vy = round1(hazard.vy * factor);
    }
    if (state.hazards.length < rules.maxHazards) spawnHazard(state, ctx.rng);
  }
}

function moveRunner(runner: Runner, dtMs: number): void {
  runner.stunnedMs = Math.max(0, runner.stunnedMs - dtMs);
  runner.shieldMs = Math.max(0, runner.shieldMs - dtMs);
  runner.dashMs = Math.max(0, runner.dashMs - dtMs);
  runner.dashCooldownMs = Math.max(0, runner.dashCooldownMs - dtMs);
  if (runner.stunnedMs > 0) return;
  const speed = runner.dashMs > 0 ? RUNNER.dashSpeed : RUNNER.speed;
  const x = runner.x + (runner.dirX * speed * dtMs) / 1000;
  const y = runner.y + (runner.dirY * speed * dtMs) / 1000;
  runner.x = round1(clamp(x, RUNNER.radius, ARENA.width - RUNNER.radius));
  runner.y = round1(clamp(y, RUNNER.radius, ARENA.height - RUNNER.radius));
}

/** Each gem goes to the nearest runner touching it; exact ties are settled by the rng. */
function collectGems(state: GemRushState, runners: Runner[], ctx: GameTickContext): void {
  const frenzy = state.durationMs - state.elapsedMs <= FRENZY_MS;
  for (const [id, gem] of Object.entries(state.gems)) {
    let winner: Runner | null = null;
    let best = GEM.radius + RUNNER.radius;
    for (const runner of runners) {
      if (runner.stunnedMs > 0) continue;
      const d = Math.hypot(gem.x - runner.x, gem.y - runner.y);
      if (d < best || (d === best && winner !== null && ctx.rng() < 0.5)) {
        winner = runner;
        best = d;
      } else if (d === best && winner === null) {
        winner = runner;
      }
    }
    if (!winner) continue;
    const points = gem.value * (frenzy ? 2 : 1);
    winner.score += points;
    winner.gems += 1;
    delete state.gems[id];
    if (gem.value > GEM.value) ctx.sendTo(winner.playerId, { kind: 'gold', points });
  }
}

function checkHazards(state: GemRushState, runner: Runner, ctx: GameTickContext): void {
  if (runner.shieldMs > 0) return;
  const hit = state.hazards.some((h) => Math.hypot(h.x - runner.x, h.y - runner.y) < h.r + RUNNER.radius);
  if (!hit) return;
  const penalty = rulesFor[state.difficulty].hitPenalty;
  const lost = runner.score > 0 ? Math.max(1, Math.ceil(runner.score * penalty)) : 0;
  runner.score -= lost;
  runner.hits += 1;
  runner.stunnedMs = HIT.stunMs;
  runner.shieldMs = HIT.stunMs + HIT.shieldMs;
  runner.dashMs = 0;
  ctx.sendTo(runner.playerId, { kind: 'hit', lost });
}

/** Runners are solid: overlapping runners push each other apart (a dash shoves harder). */
function bump(runners: Runner[]): void {
  const reach = RUNNER.radius * 2;
  for (let i = 0; i < runners.length; i++) {
    for (let j = i + 1; j < runners.length; j++) {
      const a = runners[i]!;
      const b = runners[j]!;
      const d = Math.hypot(b.x - a.x, b.y - a.y);
      if (d >= reach) continue;
      // Coincident runners split along x, deterministically.
      const [nx, ny] = d === 0 ? [1, 0] : [(b.x - a.x) / d, (b.y - a.y) / d];
      const overlap = reach - d;
      const shareA = a.dashMs > 0 && b.dashMs <= 0 ? 0.2 : b.dashMs > 0 && a.dashMs <= 0 ? 0.8 : 0.5;
      a.x = round1(clamp(a.x - nx * overlap * shareA, RUNNER.radius, ARENA.width - RUNNER.radius));
      a.y = round1(clamp(a.y - ny * overlap * shareA, RUNNER.radius, ARENA.height - RUNNER.radius));
      b.x = round1(clamp(b.x + nx * overlap * (1 - shareA), RUNNER.radius, ARENA.width - RUNNER.radius));
      b.y = round1(clamp(b.y + ny * overlap * (1 - shareA), RUNNER.radius, ARENA.height - RUNNER.radius));
    }
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
