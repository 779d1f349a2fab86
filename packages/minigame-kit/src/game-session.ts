import WebSocket from 'ws';
import type { MinigameAttachRequest } from '@parlor/protocol';
import { encodeGameFrame } from './frame-check.js';
import type { GameContext, MinigameDefinition, MinigameHandlers } from './types.js';

export interface SessionHooks {
  onError(error: unknown, gameId: string): void;
  onEnd(gameId: string, reason: string): void;
}

/** Attaches to one game (the token in the first frame) and feeds its events to fresh handlers. */
export function attachToGame(
  wsBase: string,
  request: MinigameAttachRequest,
  game: MinigameDefinition,
  hooks: SessionHooks,
): WebSocket {
  const socket = new WebSocket(wsBase + request.path);
  const handlers = game();
  const ctx = contextFor(socket, request.gameId);
  socket.on('open', () => socket.send(JSON.stringify({ type: 'attach', token: request.token })));
  socket.on('message', (raw, isBinary) => {
    if (isBinary) return;
    try {
      dispatch(handlers, ctx, JSON.parse(raw.toString()));
    } catch (error) {
      hooks.onError(error, request.gameId);
    }
  });
  socket.on('error', (error) => hooks.onError(error, request.gameId));
  socket.on('close', (code, reason) => hooks.onEnd(request.gameId, `${code} ${reason.toString()}`.trim()));
  return socket;
}

function contextFor(socket: WebSocket, gameId: string): GameContext {
  const send = (frame: unknown) => {
    const text = encodeGameFrame(frame);
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
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
