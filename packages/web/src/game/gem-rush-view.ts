/** The parts of Gem Rush's state (packages/games) the web client draws. */
export interface RunnerView {
  playerId: string;
  displayName: string;
  x: number;
  y: number;
  score: number;
  stunnedMs: number;
  shieldMs: number;
  dashMs: number;
  active: boolean;
}
export interface GemRushView {
  width: number;
  height: number;
  durationMs: number;
  elapsedMs: number;
  level: number;
  runners: Record<string, RunnerView>;
  gems: Record<string, { x: number; y: number; value: number }>;
  hazards: { x: number; y: number; r: number }[];
  over: boolean;
}

export function asGemRush(game: unknown): GemRushView | null {
  const g = game as GemRushView | null;
  return g && typeof g === 'object' && g.runners && g.hazards ? g : null;
}

interface Snapshot {
  at: number;
  game: GemRushView;
}

/**
 * Keeps the last few 20 Hz states and answers a state between two of them for any moment, so
 * a 60 fps canvas moves smoothly. It shows the world one tick and a half in the past: the price
 * of never having to guess where things go next.
 */
export class Interpolator {
  private readonly snaps: Snapshot[] = [];
  constructor(private readonly delayMs: number) {}

  push(game: GemRushView, at: number): void {
    if (this.snaps.at(-1)?.game === game) return;
    this.snaps.push({ at, game });
    if (this.snaps.length > 8) this.snaps.shift();
  }

  at(now: number): GemRushView | null {
    const t = now - this.delayMs;
    const snaps = this.snaps;
    if (snaps.length === 0) return null;
    let i = snaps.length - 1;
    while (i > 0 && snaps[i]!.at > t) i--;
    const a = snaps[i]!;
    const b = snaps[i + 1];
    if (!b) return a.game;
    const k = Math.min(1, Math.max(0, (t - a.at) / (b.at - a.at)));
    return blend(a.game, b.game, k);
  }
}

const lerp = (a: number, b: number, k: number) => a + (b - a) * k;

function blend(a: GemRushView, b: GemRushView, k: number): GemRushView {
  const runners: Record<string, RunnerView> = {};
  for (const [id, rb] of Object.entries(b.runners)) {
    const ra = a.runners[id];
    runners[id] = ra ? { ...rb, x: lerp(ra.x, rb.x, k), y: lerp(ra.y, rb.y, k) } : rb;
  }
  // Hazards have no ids; they keep their order between ticks unless one is added.
  const hazards =
    a.hazards.length === b.hazards.length
      ? b.hazards.map((h, i) => ({
          ...h,
          x: lerp(a.hazards[i]!.x, h.x, k),
          y: lerp(a.hazards[i]!.y, h.y, k),
        }))
      : b.hazards;
  return { ...b, runners, hazards, elapsedMs: lerp(a.elapsedMs, b.elapsedMs, k) };
}
