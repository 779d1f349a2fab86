import { useEffect, useRef } from 'react';
import { startFrameBridge, type BridgedGame } from './frame-bridge.js';

export interface SandboxedFrontEndProps {
  game: BridgedGame;
  minigameId: string;
  /** The front end's version (GameTypeMeta.frontend): a new upload loads afresh. */
  version: string;
  displayName: string;
  /** The game's name, for the frame's accessible title. */
  title: string;
}

/**
 * A studio's own front end for its mini-game, in an iframe it cannot climb out of: scripts only
 * (no allow-same-origin, so its origin is opaque: no storage, no cookies, no parent page), no
 * popups, forms or top navigation, no referrer, no device permissions. The served document's CSP
 * denies it all network; the bridge is its only channel.
 */
export function SandboxedFrontEnd({ game, minigameId, version, displayName, title }: SandboxedFrontEndProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    if (!frame.current) return;
    return startFrameBridge({ host: window, frame: frame.current, game, displayName });
  }, [game, displayName, minigameId, version]);

  return (
    <iframe
      ref={frame}
      className="minigame-frame"
      title={title}
      src={`/v1/minigames/${encodeURIComponent(minigameId)}/frontend?v=${encodeURIComponent(version)}`}
      sandbox="allow-scripts"
      referrerPolicy="no-referrer"
      allow=""
      loading="eager"
    />
  );
}
