import WebSocket from 'ws';
import { MinigameAttachRequest, MinigameWelcome } from '@parlor/protocol';
import { reconnectDelayMs } from './backoff.js';
import { attachToGame, type GameSession } from './game-session.js';
import type { MinigameDefinition } from './types.js';
import { parseJson } from './parse-json.js';

export interface ConnectOptions {
  /** The Parlor's origin, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The mini-game's key (plk_…); sent in the first frame only, never in a URL. */
  key: string;
  game: MinigameDefinition;
  /** Where the kit reports what happened; defaults to the console. */
  log?: (line: string) => void;
  /** A handler threw, or a frame it sent was refused locally. */
  onError?: (error: unknown, gameId: string) => void;
}

export interface MinigameConnection {
  /** Resolves with the first welcome. */
  readonly welcomed: Promise<MinigameWelcome>;
  /** Resolves once the kit stops for good (stop() or MINIGAME_KEY_REFUSED). */
  readonly stopped: Promise<string>;
  stop(): void;
}

// A game waits at most PARLOR_MINIGAME_RECONNECT_GRACE_SECONDS (≤ 120 s) for a dropped mini-game.
const REATTACH_GIVE_UP_MS = 120_000;

/** Keeps the control socket open, reconnecting with a growing delay, and attaches to each game. */
export function connectMinigame(options: ConnectOptions): MinigameConnection {
  const wsBase = options.url.replace(/\/+$/, '').replace(/^http/, 'ws');
  const log = options.log ?? ((line: string) => console.log(line));
  const onError = options.onError ?? ((error, gameId) => log(`game ${gameId}: ${String(error)}`));
  let attempt = 0;
  let halted = false;
  let control: WebSocket | undefined;
  let retry: NodeJS.Timeout | undefined;
  const games = new Map<string, GameSession>();
  /** Games whose socket dropped, asked for again on every welcome until taken back or given up. */
  const detached = new Map<string, NodeJS.Timeout>();
  const askAgain = (gameId: string) => {
    if (control?.readyState === WebSocket.OPEN) control.send(JSON.stringify({ type: 'reattach', gameId }));
  };
  const ended = (gameId: string) => {
    clearTimeout(detached.get(gameId));
    detached.delete(gameId);
    games.delete(gameId);
  };
  let welcome!: (w: MinigameWelcome) => void;
  let finish!: (why: string) => void;
  const welcomed = new Promise<MinigameWelcome>((resolve) => (welcome = resolve));
  const stopped = new Promise<string>((resolve) => (finish = resolve));

  const halt = (why: string) => {
    if (halted) return;
    halted = true;
    clearTimeout(retry);
    control?.close();
    for (const g of games.values()) g.close();
    for (const t of detached.values()) clearTimeout(t);
    log(`stopped: ${why}`);
    finish(why);
  };

  const open = () => {
    const socket = new WebSocket(`${wsBase}/v1/minigames/connect`);
    control = socket;
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'hello', key: options.key, protocolVersion: 1 })),
    );
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return;
      const frame = parseJson(raw.toString());
      const w = MinigameWelcome.safeParse(frame);
      if (w.success) {
        attempt = 0;
        log(`connected as ${w.data.minigameId}`);
        for (const gameId of detached.keys()) askAgain(gameId);
        return welcome(w.data);
      }
      const a = MinigameAttachRequest.safeParse(frame);
      if (a.success) {
        const known = games.get(a.data.gameId);
        if (known && detached.has(a.data.gameId)) {
          clearTimeout(detached.get(a.data.gameId));
          detached.delete(a.data.gameId);
          log(`game ${a.data.gameId}: attaching again`);
          return known.reattach(a.data);
        }
        const g = attachToGame(wsBase, a.data, options.game, {
          onError,
          onEnd: (gameId) => ended(gameId),
          onDetached: (gameId) => {
            log(`game ${gameId}: socket dropped; asking to attach again`);
            detached.set(
              gameId,
              setTimeout(() => ended(gameId), REATTACH_GIVE_UP_MS),
            );
            askAgain(gameId);
          },
        });
        return void games.set(a.data.gameId, g);
      }
      const closing = frame as { type?: string; code?: string; message?: string } | undefined;
      if (closing?.type === 'closing') {
        log(`closing: ${closing.code} ${closing.message}`);
        if (closing.code === 'MINIGAME_KEY_REFUSED') halt('MINIGAME_KEY_REFUSED');
      }
    });
    socket.on('error', (error) => log(`control socket: ${error.message}`));
    socket.on('close', (code) => {
      // 4061 is MINIGAME_KEY_REFUSED: the same key will never be accepted again.
      if (code === 4061) return halt('MINIGAME_KEY_REFUSED');
      if (halted) return;
      const delay = reconnectDelayMs(attempt++);
      log(`control socket closed (${code}); reconnecting in ${delay} ms`);
      retry = setTimeout(open, delay);
    });
  };
  open();
  return { welcomed, stopped, stop: () => halt('stopped') };
}
