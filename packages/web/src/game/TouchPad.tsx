import { useRef, type PointerEvent } from 'react';
import type { Steer } from './controls.js';

/** A thumb stick and a dash button for touch screens (hidden where a fine pointer exists). */
export function TouchPad({ onSteer }: { onSteer: (steer: Steer) => void }) {
  const pad = useRef<HTMLDivElement>(null);
  const last = useRef<Steer>({ x: 0, y: 0 });

  const steerTo = (e: PointerEvent) => {
    const box = pad.current!.getBoundingClientRect();
    const r = box.width / 2;
    const x = Math.max(-1, Math.min(1, (e.clientX - box.left - r) / r));
    const y = Math.max(-1, Math.min(1, (e.clientY - box.top - r) / r));
    const next = { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    if (next.x !== last.current.x || next.y !== last.current.y) {
      last.current = next;
      onSteer(next);
    }
  };
  const release = () => {
    last.current = { x: 0, y: 0 };
    onSteer(last.current);
  };

  return (
    <div className="touchpad">
      <div
        ref={pad}
        className="stick"
        role="group"
        aria-label="Touch stick: drag to steer"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          steerTo(e);
        }}
        onPointerMove={(e) => e.buttons && steerTo(e)}
        onPointerUp={release}
        onPointerCancel={release}
      />
      <button type="button" className="dash" onClick={() => onSteer({ ...last.current, dash: true })}>
        Dash
      </button>
    </div>
  );
}
