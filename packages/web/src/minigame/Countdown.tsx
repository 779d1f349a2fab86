import { useEffect, useState } from 'react';

/** Seconds left, counted from when this view arrived (the mini-game's clock is not ours). */
export function Countdown({ endsInMs }: { endsInMs: number }) {
  const [endsAt] = useState(() => Date.now() + endsInMs);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((endsAt - now) / 1000));
  const share = endsInMs > 0 ? Math.max(0, Math.min(1, (endsAt - now) / endsInMs)) : 0;
  return (
    <div className="mg-countdown" role="timer" aria-label="Time left">
      <span className="mg-countdown-figure">{seconds} s</span>
      <progress max={1} value={share} aria-hidden="true" />
    </div>
  );
}
