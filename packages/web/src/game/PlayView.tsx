import type { GameClient, RoomState } from '@parlor/sdk';
import { useEffect, useRef } from 'react';
import { keyboardSteering } from './controls.js';
import { drawGemRush } from './draw-gem-rush.js';
import { asGemRush, Interpolator } from './gem-rush-view.js';
import { Scores } from './Scores.js';
import { TouchPad } from './TouchPad.js';

/** Gem Rush in play: the canvas at the screen's frame rate, controls, scores. */
export function PlayView({
  game,
  state,
  playerId,
}: {
  game: GameClient;
  state: RoomState;
  playerId: string | null;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const interp = useRef(new Interpolator(75));
  const latest = useRef(state);
  latest.current = state;
  const order = Object.keys(state.players);
  const orderRef = useRef(order);
  orderRef.current = order;

  useEffect(() => {
    const g = asGemRush(state.game);
    if (g) interp.current.push(g, performance.now());
  }, [state]);

  useEffect(() => {
    let frame = 0;
    let lastMark = 0;
    const loop = (now: number) => {
      frame = requestAnimationFrame(loop);
      const el = canvas.current;
      const ctx = el?.getContext('2d');
      const view = interp.current.at(now);
      if (!el || !ctx || !view) return;
      const ratio = window.devicePixelRatio || 1;
      const w = Math.round(el.clientWidth * ratio);
      const h = Math.round(el.clientHeight * ratio);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
      }
      drawGemRush(ctx, view, playerId, orderRef.current);
      // Positions for tests and assistive tools, a few times a second rather than every frame.
      if (now - lastMark > 250) {
        lastMark = now;
        el.dataset.positions = JSON.stringify(
          Object.fromEntries(
            Object.values(view.runners).map((r) => [r.displayName, [Math.round(r.x), Math.round(r.y)]]),
          ),
        );
      }
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [playerId]);

  useEffect(() => keyboardSteering(window, (steer) => game.sendInput(steer)), [game]);

  const gem = asGemRush(state.game);
  return (
    <div className="play">
      <canvas
        ref={canvas}
        className="arena"
        tabIndex={0}
        role="img"
        aria-label="Gem Rush arena. Move with the arrow keys or W A S D, dash with Space. Collect gems, avoid the red hazards."
      />
      <TouchPad onSteer={(steer) => game.sendInput(steer)} />
      {gem && <Scores game={gem} order={order} me={playerId} />}
    </div>
  );
}
