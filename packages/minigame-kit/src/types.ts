import type { GameResults, UiView } from '@parlor/protocol';
import type { z } from 'zod';

export type View = z.infer<typeof UiView>;

/** A player as the game server names it: opaque, per game, and a display name only. */
export interface MinigamePlayer {
  playerId: string;
  displayName: string;
}

export interface StartEvent {
  difficulty: string;
  options: Record<string, unknown>;
  players: MinigamePlayer[];
}

/** What a handler may send; every frame is checked against the protocol before it leaves. */
export interface GameContext {
  readonly gameId: string;
  state(state: unknown): void;
  patch(ops: { path: (string | number)[]; value?: unknown }[]): void;
  view(playerId: string, view: View): void;
  message(to: string, data: unknown): void;
  timer(id: string, ms: number): void;
  results(results: GameResults): void;
}

/**
 * One game's rules. `create` is called once per attached game, so every game keeps its own
 * state in the object it returns (no shared mutable state between games).
 */
export interface MinigameHandlers {
  start(ctx: GameContext, event: StartEvent): void;
  /**
   * The socket dropped and the kit attached again within the game's grace: the game went on.
   * This object's own state is intact; `players` are those in the game now.
   */
  resumed?(ctx: GameContext, event: { players: MinigamePlayer[] }): void;
  input?(ctx: GameContext, playerId: string, input: unknown): void;
  left?(ctx: GameContext, playerId: string): void;
  timer?(ctx: GameContext, id: string): void;
  closing?(ctx: GameContext, code: string, message: string): void;
}

export type MinigameDefinition = () => MinigameHandlers;
