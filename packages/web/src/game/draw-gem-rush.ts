import type { GemRushView } from './gem-rush-view.js';

const COLORS = ['#5eead4', '#fbbf24', '#f472b6', '#a78bfa', '#60a5fa', '#f87171', '#34d399', '#fb923c'];
const RUNNER_R = 18;
const GEM_R = 12;

export function colorOf(index: number): string {
  return COLORS[index % COLORS.length]!;
}

/** One frame of the arena, scaled to the canvas. */
export function drawGemRush(
  ctx: CanvasRenderingContext2D,
  game: GemRushView,
  me: string | null,
  order: string[],
): void {
  const { width, height } = ctx.canvas;
  const s = Math.min(width / game.width, height / game.height);
  ctx.setTransform(s, 0, 0, s, (width - game.width * s) / 2, (height - game.height * s) / 2);
  ctx.fillStyle = '#0f1424';
  ctx.fillRect(0, 0, game.width, game.height);
  ctx.strokeStyle = '#2a3354';
  ctx.lineWidth = 4;
  ctx.strokeRect(2, 2, game.width - 4, game.height - 4);

  for (const gem of Object.values(game.gems)) {
    ctx.fillStyle = gem.value > 1 ? '#fde047' : '#38bdf8';
    ctx.beginPath();
    ctx.moveTo(gem.x, gem.y - GEM_R);
    ctx.lineTo(gem.x + GEM_R, gem.y);
    ctx.lineTo(gem.x, gem.y + GEM_R);
    ctx.lineTo(gem.x - GEM_R, gem.y);
    ctx.closePath();
    ctx.fill();
  }
  for (const h of game.hazards) {
    ctx.fillStyle = '#ef4444';
    ctx.beginPath();
    ctx.arc(h.x, h.y, h.r, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.font = '600 20px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const r of Object.values(game.runners)) {
    if (!r.active) continue;
    ctx.globalAlpha = r.stunnedMs > 0 ? 0.45 : 1;
    ctx.fillStyle = colorOf(order.indexOf(r.playerId));
    ctx.beginPath();
    ctx.arc(r.x, r.y, RUNNER_R, 0, Math.PI * 2);
    ctx.fill();
    if (r.shieldMs > 0 || r.playerId === me) {
      ctx.strokeStyle = r.playerId === me ? '#ffffff' : '#94a3b8';
      ctx.lineWidth = 3;
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    // Names stay inside the arena: beside a wall they shift in, at the top they go below.
    const half = ctx.measureText(r.displayName).width / 2 + 4;
    const labelX = Math.min(game.width - half, Math.max(half, r.x));
    const labelY = r.y - RUNNER_R - 8 < 20 ? r.y + RUNNER_R + 22 : r.y - RUNNER_R - 8;
    ctx.fillStyle = '#e2e8f0';
    ctx.fillText(r.displayName, labelX, labelY);
  }
  const left = Math.max(0, Math.ceil((game.durationMs - game.elapsedMs) / 1000));
  ctx.textAlign = 'right';
  ctx.font = '700 28px system-ui, sans-serif';
  ctx.fillStyle = '#e2e8f0';
  ctx.fillText(`${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`, game.width - 20, 40);
}
