import WebSocket from 'ws';
import type { MinigameAttachRequest } from '@parlor/protocol';
import { encodeGameFrame } from './frame-check.js';
import type { GameContext, MinigameDefinition, MinigameHandlers } from './types.js';

export interface SessionHooks {
  onError(error: unknown, gameId: string): void;
  onEnd(gameId: string, reason: string): void;
  /** The socket dropped without the game server saying why: the game may take it back (reattach). */
  onDetached(gameId: string): void;
}

/** One attached game: its handlers (the game's memory) outlive a dropped socket. */
export interface GameSession {
  readonly gameId: string;
  /** Attaches again with a fresh token, to the same handlers. */
  reattach(request: MinigameAttachRequest): void;
  close(): void;
}

/**
 * Attaches to one game (the token in the first frame) and feeds its events to fresh handlers.
 * A drop the game server did not announce (no `closing`, not 1000 nor a 4xxx code) is a
 * detach: the session waits for `reattach`, and the game's grace decides whether it goes on.
 */
export function attachToGame(
  wsBase: string,
  request: MinigameAttachRequest,
  game: MinigameDefinition,
  hooks: SessionHooks,
): GameSession {
  const handlers = game();
  let socket: WebSocket;
  const ctx = contextFor(() => socket, request.gameId);
  const open = (r: MinigameAttachRequest) => {
    const ws = new WebSocket(wsBase + r.path);
    socket = ws;
    let told = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'attach', token: r.token })));
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return;
      try {
        const event = JSON.parse(raw.toString()) as Event;
        if (event.type === 'closing') told = true;
        dispatch(handlers, ctx, event);
      } catch (error) {
        hooks.onError(error, r.gameId);
      }
    });
    ws.on('error', (error) => hooks.onError(error, r.gameId));
    ws.on('close', (code, reason) => {
      if (socket !== ws) return;
      if (!told && code !== 1000 && (code < 4000 || code > 4999)) return hooks.onDetached(r.gameId);
      hooks.onEnd(r.gameId, `${code} ${reason.toString()}`.trim());
    });
  };
  open(request);
  return { gameId: request.gameId, reattach: open, close: () => socket.close() };
}

function contextFor(socket: () => WebSocket, gameId: string): GameContext {
  const send = (frame: unknown) => {
    const text = encodeGameFrame(frame);
    if (socket().readyState === WebSocket.OPEN) socket().send(text);
  };
  return {
    gameId,
    state: (state) => send({ type: 'state', state }),
    patch: (ops) => send({ type: 'patch', ops }),
    view: (playerId, view) => send({ type: 'view', playerId, view }),
    message: (to, data) => send({ type: 'message', to, data }),
    timer: (id, ms) => send({ type: 'timer', id, ms }),
    results: (results) => send({ type: 'results', results }),
  };
}

type Event = { type?: unknown; [key: string]: unknown };

/** Events from the game server; unknown types are ignored, as the versioning rules ask. */
function dispatch(h: MinigameHandlers, ctx: GameContext, e: Event): void {
  switch (e.type) {
    case 'start':
      return h.start(ctx, {
        difficulty: String(e.difficulty),
        options: (e.options ?? {}) as Record<string, unknown>,
        players: e.players as { playerId: string; displayName: string }[],
      });
    case 'resumed':
      return h.resumed?.(ctx, { players: e.players as { playerId: string; displayName: string }[] });
    case 'input':
      return h.input?.(ctx, String(e.playerId), e.input);
    case 'left':
      return h.left?.(ctx, String(e.playerId));
    case 'timer':
      return h.timer?.(ctx, String(e.id));
    case 'closing':
      return h.closing?.(ctx, String(e.code), String(e.message));
  }
}
