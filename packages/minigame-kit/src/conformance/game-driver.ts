import type { GameResults } from '@parlor/protocol';
import type { MinigamePlayer } from '../types.js';
import { botInputFor, JUNK_INPUTS } from './bots.js';
import { FrameAudit } from './frame-audit.js';
import type { PeerSocket } from './peer-socket.js';

export interface GameScript {
  players: MinigamePlayer[];
  difficulty: string;
  /** Junk inputs from the first player right after the start. */
  junk?: boolean;
  /** This player leaves once it has seen its first view. */
  leaver?: string;
  timeoutMs: number;
}

export interface GameOutcome {
  results?: GameResults;
  problems: string[];
  frames: number;
  /** The mini-game closed its game socket before sending results. */
  hungUp: boolean;
  timersAsked: number;
}

/** Plays one attached game as the game server would: start, bot inputs, early timers, the end. */
export async function driveGame(peer: PeerSocket, script: GameScript): Promise<GameOutcome> {
  const audit = new FrameAudit(new Set(script.players.map((p) => p.playerId)));
  const present = new Set(script.players.map((p) => p.playerId));
  const timers = new Map<string, NodeJS.Timeout>();
  const pending = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const t = setTimeout(() => (pending.delete(t), run()), ms);
    pending.add(t);
    return t;
  };
  let timersAsked = 0;
  peer.send({ type: 'start', difficulty: script.difficulty, options: {}, players: script.players });
  if (script.junk)
    for (const input of JUNK_INPUTS)
      peer.send({ type: 'input', playerId: script.players[0]!.playerId, input });
  const deadline = Date.now() + script.timeoutMs;
  let results: GameResults | undefined;
  while (!results && Date.now() < deadline) {
    const raw = await peer.next(Math.max(1, deadline - Date.now()));
    if (!raw) break;
    const frame = audit.check(raw);
    if (frame?.type === 'results') results = frame.results;
    if (frame?.type === 'timer') {
      timersAsked += 1;
      clearTimeout(timers.get(frame.id));
      // Fired early (the game must not depend on the full delay) so a run stays short.
      timers.set(
        frame.id,
        later(Math.min(frame.ms, 300), () => peer.send({ type: 'timer', id: frame.id })),
      );
      if (timers.size > 16) audit.problems.push('more than 16 timers at once');
    }
    if (frame?.type === 'view' && present.has(frame.playerId)) {
      if (frame.playerId === script.leaver) {
        present.delete(frame.playerId);
        peer.send({ type: 'left', playerId: frame.playerId });
        continue;
      }
      const input = botInputFor(frame.view);
      const playerId = frame.playerId;
      if (input)
        later(
          10 + Math.random() * 30,
          () => present.has(playerId) && peer.send({ type: 'input', playerId, input }),
        );
    }
  }
  for (const t of [...timers.values(), ...pending]) clearTimeout(t);
  return {
    ...(results ? { results } : {}),
    problems: audit.problems,
    frames: audit.frames,
    hungUp: peer.closed && !results,
    timersAsked,
  };
}
