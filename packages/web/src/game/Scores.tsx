import { colorOf } from './draw-gem-rush.js';
import type { GemRushView } from './gem-rush-view.js';

export function Scores({ game, order, me }: { game: GemRushView; order: string[]; me: string | null }) {
  const runners = Object.values(game.runners).sort((a, b) => b.score - a.score);
  return (
    <section className="scores" aria-label="Scores">
      <h2 className="visually-hidden">Scores</h2>
      <ol className="plain">
        {runners.map((r) => (
          <li key={r.playerId} className={r.playerId === me ? 'mine' : undefined}>
            <span className="swatch" data-color={order.indexOf(r.playerId) % 8} aria-hidden="true" />
            <span className="name">
              {r.displayName}
              {r.playerId === me ? ' (you)' : ''}
            </span>
            <span className="score">{r.score}</span>
          </li>
        ))}
      </ol>
      <p className="visually-hidden">
        Colours: {order.map((id, i) => `${game.runners[id]?.displayName ?? id} ${colorOf(i)}`).join(', ')}
      </p>
    </section>
  );
}
