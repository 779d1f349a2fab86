/** Steering from the keyboard: arrows or WASD, Space to dash. */
export interface Steer {
  x: number;
  y: number;
  dash?: boolean;
}

const KEYS: Record<string, [number, number]> = {
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  w: [0, -1],
  s: [0, 1],
  a: [-1, 0],
  d: [1, 0],
};

/** Listens on `target` while playing; calls `send` whenever the direction changes. */
export function keyboardSteering(target: HTMLElement | Window, send: (steer: Steer) => void): () => void {
  const down = new Set<string>();
  const direction = (): Steer => {
    let x = 0;
    let y = 0;
    for (const key of down) {
      const d = KEYS[key];
      if (d) {
        x += d[0];
        y += d[1];
      }
    }
    return { x: Math.max(-1, Math.min(1, x)), y: Math.max(-1, Math.min(1, y)) };
  };
  const typing = (e: Event) => (e.target as HTMLElement | null)?.closest?.('input, textarea, select') != null;
  const onDown = (e: Event) => {
    if (typing(e)) return;
    const key = normalise((e as KeyboardEvent).key);
    if (key === ' ') {
      e.preventDefault();
      return send({ ...direction(), dash: true });
    }
    if (!KEYS[key] || down.has(key)) return;
    e.preventDefault();
    down.add(key);
    send(direction());
  };
  const onUp = (e: Event) => {
    const key = normalise((e as KeyboardEvent).key);
    if (down.delete(key)) send(direction());
  };
  target.addEventListener('keydown', onDown);
  target.addEventListener('keyup', onUp);
  return () => {
    target.removeEventListener('keydown', onDown);
    target.removeEventListener('keyup', onUp);
  };
}

function normalise(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}
