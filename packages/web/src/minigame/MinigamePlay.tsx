import type { GameClient, RoomState } from '@parlor/sdk';
import { ComponentView } from './ComponentView.js';
import { StateSummary } from './StateSummary.js';
import { useMinigameView } from './use-minigame-view.js';

/**
 * A mini-game in play. The one switch point between the two ways a mini-game's screen is drawn:
 * the component renderer here, or a studio's own sandboxed front end (minigame/sandbox/) when the
 * game type says it ships one — pass `sandboxed` and render that instead.
 */
export function MinigamePlay({
  game,
  state,
  sandboxed = false,
}: {
  game: GameClient;
  state: RoomState;
  sandboxed?: boolean;
}) {
  if (sandboxed) return <p role="status">This game's own screen is not available in this build.</p>;
  return <ComponentPlay game={game} state={state} />;
}

function ComponentPlay({ game, state }: { game: GameClient; state: RoomState }) {
  const { view, serial } = useMinigameView(game);
  return (
    <section className="mg-play" aria-label="Game">
      <StateSummary state={publicStateOf(state)} />
      {view ? (
        <ComponentView key={serial} view={view} onInput={(input) => game.sendInput(input)} />
      ) : (
        <p role="status">Waiting for the game…</p>
      )}
    </section>
  );
}

/** The game server keeps a mini-game's public state under `view` of the room's game state. */
function publicStateOf(state: RoomState): unknown {
  const game = state.game as { view?: unknown } | null;
  return game && typeof game === 'object' ? game.view : null;
}
