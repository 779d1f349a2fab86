import {
  GameResults,
  type GameInitOptions,
  type GameLogic,
  type GamePlayer,
  type GameTickContext,
  type GameTypeMeta,
  type MinigameGameMessage,
} from '@parlor/protocol';
import type { LinkNotice, MinigameLink } from './minigame-link.js';

/** The room's state of a mini-game's game: what it made public, and its results once over. */
export interface RemoteState {
  view: unknown;
  results: GameResults | null;
}

// Every player receives the public state; past this it is the mini-game's bug, not their bill.
const MAX_STATE_BYTES = 32 * 1024;
const MAX_TIMERS = 16;
const NOTICE_TEXT: Record<LinkNotice, string> = {
  reconnecting: "The game's server is reconnecting; your moves wait until it is back",
  resumed: "The game's server is back",
};

/**
 * A GameLogic whose rules live in a mini-game server (docs/minigame-protocol.md): the room runs
 * as for any game and calls this; events go out over the link, and at each tick what the
 * mini-game sent is checked and applied: public state, private views and messages (through
 * `sendTo`, so a player only ever gets what was addressed to everyone or to them), timers and
 * the results. It is never handed a user id, a token or an address, only opaque player ids.
 */
export class RemoteGameLogic implements GameLogic<RemoteState> {
  private players: GamePlayer[] = [];
  private readonly timers = new Map<string, number>();
  private readonly gone = new Set<string>();
  private started = false;
  private elapsedMs = 0;

  constructor(
    readonly meta: GameTypeMeta,
    private readonly link: MinigameLink,
  ) {}

  init(o: GameInitOptions): RemoteState {
    this.players = [...o.players];
    this.started = true;
    this.link.send({
      type: 'start',
      difficulty: o.difficulty,
      options: { ...(o.options ?? {}) },
      players: this.players.map((p) => ({ playerId: p.playerId, displayName: p.displayName })),
    });
    return { view: null, results: null };
  }

  leave(_state: RemoteState, playerId: string): void {
    this.gone.add(playerId);
    this.link.send({ type: 'left', playerId });
  }

  input(_state: RemoteState, playerId: string, input: unknown): void {
    this.link.send({ type: 'input', playerId, input });
  }

  /** The players still in the game (not those who left); null before it started. */
  playersNow(): { playerId: string; displayName: string }[] | null {
    if (!this.started) return null;
    return this.players
      .filter((p) => !this.gone.has(p.playerId))
      .map(({ playerId, displayName }) => ({ playerId, displayName }));
  }

  tick(state: RemoteState, dtMs: number, ctx: GameTickContext): void {
    this.elapsedMs += dtMs;
    for (const notice of this.link.takeNotices()) {
      const data = { kind: 'notice', notice, text: NOTICE_TEXT[notice] };
      for (const p of this.playersNow() ?? []) ctx.sendTo(p.playerId, data);
    }
    for (const [id, due] of this.timers) {
      if (due > this.elapsedMs) continue;
      this.timers.delete(id);
      this.link.send({ type: 'timer', id });
    }
    for (const message of this.link.drain()) {
      const problem = this.apply(state, message, ctx);
      if (problem) return this.link.fail(problem);
    }
    // Bytes, not UTF-16 units: 'é' is one unit but two bytes on the wire to every player.
    if (Buffer.byteLength(JSON.stringify(state.view ?? null)) > MAX_STATE_BYTES)
      this.link.fail(`The mini-game server sent a state larger than ${MAX_STATE_BYTES} bytes`);
  }

  result(state: RemoteState): GameResults | null {
    return state.results;
  }

  /** Applies one message; returns why it is refused, if it is. */
  private apply(state: RemoteState, m: MinigameGameMessage, ctx: GameTickContext): string | undefined {
    if (state.results) return undefined; // Over: what comes after the results is not played.
    switch (m.type) {
      case 'state':
        state.view = m.state ?? null;
        return undefined;
      case 'patch':
        for (const op of m.ops)
          if (!applyPatch(state, op.path, op.value, 'value' in op))
            return 'The mini-game server sent a patch that does not fit its state';
        return undefined;
      case 'view':
        if (!this.isPlayer(m.playerId))
          return 'The mini-game server addressed a player who is not in this game';
        ctx.sendTo(m.playerId, { kind: 'view', view: m.view });
        return undefined;
      case 'message':
        if (m.to === '*') {
          for (const p of this.players) ctx.sendTo(p.playerId, { kind: 'message', data: m.data });
          return undefined;
        }
        if (!this.isPlayer(m.to)) return 'The mini-game server addressed a player who is not in this game';
        ctx.sendTo(m.to, { kind: 'message', data: m.data });
        return undefined;
      case 'timer':
        if (!this.timers.has(m.id) && this.timers.size >= MAX_TIMERS)
          return 'The mini-game server asked for too many timers';
        this.timers.set(m.id, this.elapsedMs + m.ms);
        return undefined;
      case 'results':
        return this.acceptResults(state, m.results);
    }
  }

  private acceptResults(state: RemoteState, results: GameResults): string | undefined {
    const seen = new Set<string>();
    for (const r of results.players) {
      if (!this.isPlayer(r.playerId) || seen.has(r.playerId))
        return 'The mini-game server reported results for players not in this game';
      if (!Number.isFinite(r.score) || Math.abs(r.score) > 1e9)
        return 'The mini-game server reported a score that is not sane';
      seen.add(r.playerId);
    }
    // The room fills in display names from the players' tokens: the mini-game cannot set them.
    state.results = {
      players: results.players.map(({ playerId, score, rank }) => ({ playerId, score, rank })),
      ...(results.summary ? { summary: results.summary } : {}),
    };
    return undefined;
  }

  private isPlayer(playerId: string): boolean {
    return this.players.some((p) => p.playerId === playerId);
  }
}

/** Sets (or removes) one value inside the public state; false when the path does not fit. */
function applyPatch(
  state: RemoteState,
  path: readonly (string | number)[],
  value: unknown,
  set: boolean,
): boolean {
  let parent: Record<string | number, unknown> = state as unknown as Record<string, unknown>;
  const full = ['view', ...path];
  for (const key of full.slice(0, -1)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
    const next = parent[key];
    if (typeof next !== 'object' || next === null) return false;
    parent = next as Record<string | number, unknown>;
  }
  const last = full[full.length - 1]!;
  if (last === '__proto__' || last === 'constructor' || last === 'prototype') return false;
  if (Array.isArray(parent) && (typeof last !== 'number' || last > parent.length)) return false;
  if (!set) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value ?? null;
  return true;
}
