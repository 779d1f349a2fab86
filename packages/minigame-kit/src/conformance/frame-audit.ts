import { MinigameGameMessage } from '@parlor/protocol';
import { FRAME_LIMIT_BYTES, STATE_LIMIT_BYTES } from '../frame-check.js';

type GameFrame = ReturnType<typeof MinigameGameMessage.parse>;
const RATE_PER_SECOND = 100;

/** The game server's checks on what a mini-game sends: schema, sizes, rate, state cap, addressees. */
export class FrameAudit {
  readonly problems: string[] = [];
  private readonly sentAt: number[] = [];
  private state: unknown = undefined;
  frames = 0;

  constructor(private readonly players: ReadonlySet<string>) {}

  /** The frame if it is one the platform would accept; else a problem is recorded. */
  check(raw: { text?: string; binary: boolean }): GameFrame | undefined {
    this.frames += 1;
    const now = Date.now();
    this.sentAt.push(now);
    while ((this.sentAt[0] ?? now) < now - 1000) this.sentAt.shift();
    if (this.sentAt.length > RATE_PER_SECOND) this.problem(`more than ${RATE_PER_SECOND} frames in a second`);
    if (raw.binary || raw.text === undefined) return this.problem('a binary frame');
    const bytes = Buffer.byteLength(raw.text);
    if (bytes > FRAME_LIMIT_BYTES)
      return this.problem(`a frame of ${bytes} bytes (limit ${FRAME_LIMIT_BYTES})`);
    let json: unknown;
    try {
      json = JSON.parse(raw.text);
    } catch {
      return this.problem(`a frame that is not JSON: ${raw.text.slice(0, 80)}`);
    }
    const parsed = MinigameGameMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.problem(
        `an invalid frame ${raw.text.slice(0, 80)} (${issue?.path.join('.')}: ${issue?.message})`,
      );
    }
    return this.addressed(parsed.data);
  }

  private addressed(frame: GameFrame): GameFrame | undefined {
    if (frame.type === 'view' && !this.players.has(frame.playerId))
      return this.problem(`a view for ${frame.playerId}, who is not in the game`);
    if (frame.type === 'message' && frame.to !== '*' && !this.players.has(frame.to))
      return this.problem(`a message for ${frame.to}, who is not in the game`);
    if (frame.type === 'state') this.state = frame.state;
    if (frame.type === 'patch') this.state = applyPatch(this.state, frame.ops);
    if (frame.type === 'state' || frame.type === 'patch') {
      const size = Buffer.byteLength(JSON.stringify(this.state ?? null));
      if (size > STATE_LIMIT_BYTES)
        return this.problem(`a public state of ${size} bytes (cap ${STATE_LIMIT_BYTES})`);
    }
    if (frame.type === 'results') {
      const ids = frame.results.players.map((p) => p.playerId);
      const strangers = ids.filter((id) => !this.players.has(id));
      if (strangers.length)
        return this.problem(`results for players not in the game: ${strangers.join(', ')}`);
      if (new Set(ids).size !== ids.length) return this.problem('results naming a player twice');
    }
    return frame;
  }

  private problem(what: string): undefined {
    if (!this.problems.includes(what)) this.problems.push(what);
    return undefined;
  }
}

type Ops = { path: (string | number)[]; value?: unknown }[];

function applyPatch(state: unknown, ops: Ops): unknown {
  const root: unknown = structuredClone(state ?? {});
  for (const { path, value } of ops) {
    let node = root as Record<string | number, unknown>;
    // Keys that would reach a prototype are never walked or set.
    if (path.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) continue;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return root;
}
