// The benchmark workloads, as plain functions of a seeded random source, so that every run
// (and any other server measured beside Parlor) plays exactly the same changes.
import { createSeededRng as seeded } from '@parlor/games';

const step = (v, rng) => Math.max(0, Math.min(1000, v + Math.floor(rng() * 21) - 10));

/** Colyseus' benchmark: 10 entities, x and y (integers 0..1000) change every tick. */
export const entities = {
  name: 'entities',
  init: (rng) => ({
    entities: Array.from({ length: 10 }, () => ({
      x: Math.floor(rng() * 1000),
      y: Math.floor(rng() * 1000),
    })),
  }),
  tick(s, rng) {
    for (const e of s.entities) {
      e.x = step(e.x, rng);
      e.y = step(e.y, rng);
    }
  },
};

const WORDS = ['amber', 'birch', 'cobalt', 'dune', 'ember', 'fjord', 'garnet', 'heath'];

/**
 * Nested objects, an array that grows and shrinks, and strings: 10 units with a nested position,
 * a name that changes now and then, and a trail of strings pushed and popped.
 */
export const nested = {
  name: 'nested',
  init: (rng) => ({
    round: 1,
    units: Array.from({ length: 10 }, (_, i) => ({
      name: `unit-${i}`,
      pos: { x: Math.floor(rng() * 1000), y: Math.floor(rng() * 1000) },
      trail: [],
    })),
  }),
  tick(s, rng) {
    for (const u of s.units) {
      u.pos.x = step(u.pos.x, rng);
      u.pos.y = step(u.pos.y, rng);
      const r = rng();
      if (r < 0.3 && u.trail.length < 6) u.trail.push(WORDS[Math.floor(rng() * WORDS.length)]);
      else if (r < 0.5 && u.trail.length > 0) u.trail.pop();
      if (rng() < 0.05) u.name = `${WORDS[Math.floor(rng() * WORDS.length)]}-${Math.floor(rng() * 100)}`;
    }
    if (rng() < 0.02) s.round += 1;
  },
};

/** A Parlor GameLogic that plays `workload` at `hz` for any number of players. */
export function parlorLogic(workload, maxPlayers, hz = 20) {
  let rng = seeded(1);
  return {
    meta: {
      id: `bench-${workload.name}`,
      name: workload.name,
      minPlayers: 1,
      maxPlayers,
      difficulties: ['normal'],
      tickHz: hz,
    },
    init: () => {
      rng = seeded(1);
      return workload.init(rng);
    },
    leave: () => {},
    input: () => {},
    tick: (s) => workload.tick(s, rng),
    result: () => null,
  };
}
