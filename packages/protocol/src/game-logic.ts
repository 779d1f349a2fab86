import type { GameOptionValue, GameResults, GameTypeMeta } from './game-meta.js';

/** Uniform numbers in [0, 1). Injected so that a game is deterministic given a seed. */
export type Rng = () => number;

export interface GamePlayer {
  playerId: string;
  displayName: string;
}

export interface GameInitOptions {
  difficulty: string;
  /** Every option of `meta.options`, as the host chose it or its default (the runtime always sets it). */
  options?: Readonly<Record<string, GameOptionValue>>;
  /** The players holding a slot when the game starts, in the order they joined. */
  players: readonly GamePlayer[];
  seed: number;
  rng: Rng;
}

export interface GameTickContext {
  rng: Rng;
  /** Queue a private message for one player; delivered after this tick's patches. */
  sendTo(playerId: string, data: unknown): void;
}

/**
 * The rules of one game, free of I/O. The runtime owns the state and hands each
 * function a draft to mutate in place (an immer draft), so the state must be plain
 * data: objects, arrays, strings, numbers, booleans and null. Every state change is
 * sent to the players as patches, so keep it small and round noisy numbers.
 *
 * Contract: `input` receives whatever a client sent and must validate it itself and
 * ignore junk; it must not throw. `tick` is called at `meta.tickHz` with a fixed dtMs.
 * Players are fixed at the start: the runtime refuses joins after it (`GAME_STARTED`), so a
 * game learns its players from `init` only (there is no `join`; a player who reconnects within
 * the grace window keeps their seat). `leave` is called when a player's slot is removed during
 * the game (left, or the grace window passed).
 */
export interface GameLogic<S = any> {
  readonly meta: GameTypeMeta;
  init(options: GameInitOptions): S;
  leave(state: S, playerId: string): void;
  input(state: S, playerId: string, input: unknown): void;
  tick(state: S, dtMs: number, ctx: GameTickContext): void;
  /** Final results once the game is over, otherwise null. */
  result(state: S): GameResults | null;
}
