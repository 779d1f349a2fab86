import {
  FRAME_PROTOCOL,
  FrameToParent,
  MAX_FRAME_INPUTS_PER_SECOND,
  type ParentToFrame,
} from '@parlor/protocol';
import type { GameClient, GameResults, RoomState } from '@parlor/sdk';

/** What the bridge needs of the game: the SDK's client, or a stand-in with the same shape. */
export type BridgedGame = Pick<GameClient, 'on' | 'sendInput' | 'state' | 'results' | 'view'>;

export interface FrameBridgeOptions {
  /** The page's window, where the frame's messages arrive. */
  host: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  frame: HTMLIFrameElement;
  game: BridgedGame;
  displayName: string;
  now?: () => number;
}

const phaseOf = (state: RoomState): 'waiting' | 'in_progress' | 'over' =>
  state.phase === 'waiting' ? 'waiting' : state.phase === 'in_progress' ? 'in_progress' : 'over';

/**
 * The one channel between the web client and a studio's front end (docs/minigame-frontend.md).
 * The frame is hostile: only messages from its own window that pass the bridge's schema are
 * read, inputs are capped per second, and it is sent only this player's game data — never a
 * token, a user id or another player's view. Returns a stop function.
 */
export function startFrameBridge(o: FrameBridgeOptions): () => void {
  const now = o.now ?? Date.now;
  let windowStart = 0;
  let inputsInWindow = 0;
  let ready = false;
  // A view is replaced whole by the next one, so the latest is all a frame that loads late needs:
  // the game may have started (and sent it) before the frame said ready.
  let latestView: unknown = o.game.view ?? null;

  // The frame's origin is opaque, so no target origin can name it: '*' is the only one that
  // reaches it. What is posted is this player's own data, so a frame that navigated elsewhere
  // learns nothing it could not already see (and the page's CSP keeps it on our origin).
  const post = (message: ParentToFrame) => {
    if (ready) o.frame.contentWindow?.postMessage(message, '*');
  };
  const sendState = (state: RoomState | null) => {
    if (!state) return;
    post({ type: 'state', state: state.game ?? null });
    post({ type: 'phase', phase: phaseOf(state) });
  };
  const underCap = () => {
    const t = now();
    if (t - windowStart >= 1000) {
      windowStart = t;
      inputsInWindow = 0;
    }
    return ++inputsInWindow <= MAX_FRAME_INPUTS_PER_SECOND;
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source === null || event.source !== o.frame.contentWindow) return;
    const parsed = FrameToParent.safeParse(event.data);
    if (!parsed.success) return;
    if (parsed.data.type === 'ready') {
      ready = true;
      post({ type: 'hello', protocol: FRAME_PROTOCOL, displayName: o.displayName });
      sendState(o.game.state);
      if (latestView !== null) post({ type: 'view', view: latestView });
      if (o.game.results) post({ type: 'phase', phase: 'over', results: o.game.results });
    } else if (underCap()) o.game.sendInput(parsed.data.input);
  };

  const stops = [
    o.game.on('state', sendState),
    o.game.on('message', (data) => {
      // The game server sends this player only what was addressed to them or to everyone.
      const m = data as { kind?: unknown; view?: unknown; data?: unknown } | null;
      if (m?.kind === 'view') {
        latestView = m.view;
        post({ type: 'view', view: m.view });
      } else if (m?.kind === 'message') post({ type: 'message', data: m.data });
    }),
    o.game.on('ended', (results: GameResults) => post({ type: 'phase', phase: 'over', results })),
  ];
  o.host.addEventListener('message', onMessage);
  return () => {
    o.host.removeEventListener('message', onMessage);
    for (const stop of stops) stop();
  };
}
