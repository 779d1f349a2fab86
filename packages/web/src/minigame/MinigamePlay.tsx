import type { GameClient, GameTypeMeta, RoomState } from '@parlor/sdk';
import { ComponentView } from './ComponentView.js';
import { locksFrameNetwork, thisBrowser } from './sandbox/network-lock.js';
import { SandboxedFrontEnd } from './sandbox/SandboxedFrontEnd.js';
import { StateSummary } from './StateSummary.js';
import { useMinigameNotice } from './use-minigame-notice.js';
import { useMinigameView } from './use-minigame-view.js';

/**
 * A mini-game in play. The one switch point between the two ways a mini-game's screen is drawn:
 * the component renderer here, or a studio's own sandboxed front end (minigame/sandbox/) when the
 * game type says it ships one (`meta.frontend`, the document's version).
 */
export function MinigamePlay({
  game,
  state,
  meta,
  displayName,
}: {
  game: GameClient;
  state: RoomState;
  meta: GameTypeMeta | null | undefined;
  displayName: string;
}) {
  if (meta?.frontend && !locksFrameNetwork(thisBrowser()))
    return <ComponentPlay game={game} state={state} frontEndWithheld />;
  if (meta?.frontend)
    return (
      <>
        {/* Drawn by the platform, not left to the studio's code: players learn why the game paused. */}
        <ReconnectNotice game={game} />
        <SandboxedFrontEnd
          game={game}
          minigameId={meta.id}
          version={meta.frontend}
          displayName={displayName}
          title={meta.name}
        />
      </>
    );
  return <ComponentPlay game={game} state={state} />;
}

/** While the mini-game's server is reconnecting, what the game server says about it. */
function ReconnectNotice({ game }: { game: GameClient }) {
  const notice = useMinigameNotice(game);
  if (!notice) return null;
  return (
    <p role="status" className="mg-notice">
      {notice}
    </p>
  );
}

function ComponentPlay({
  game,
  state,
  frontEndWithheld = false,
}: {
  game: GameClient;
  state: RoomState;
  /** The game has a studio-made screen this browser cannot keep off the network. */
  frontEndWithheld?: boolean;
}) {
  const { view, serial } = useMinigameView(game);
  return (
    <section className="mg-play" aria-label="Game">
      {frontEndWithheld && (
        <p className="mg-notice">
          This game has its own screen, made by its studio. This browser cannot keep that screen from reaching
          the network (and learning your address), so Parlor shows the game's simple screen instead. To see
          the studio's own, play in a recent Chrome, Edge or other Chromium-based browser.
        </p>
      )}
      <ReconnectNotice game={game} />
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
