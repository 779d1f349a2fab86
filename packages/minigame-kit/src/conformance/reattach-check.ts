import { MinigameReattach } from '@parlor/protocol';
import type { MinigamePlayer } from '../types.js';
import type { PeerSocket } from './peer-socket.js';
import type { Report } from './report.js';
import { parseJson } from '../parse-json.js';

export interface ReattachDeps {
  report: Report;
  control: PeerSocket;
  players: MinigamePlayer[];
  difficulty: string;
  /** Sends an attach for `gameId` on the control socket and checks the game socket it opens. */
  attach(label: string, gameId: string): Promise<PeerSocket | undefined>;
}

const LABEL = 're-attach';
// The platform's grace is at most 120 s; a mini-game that asks within this is well inside it.
const ASK_WITHIN_MS = 8_000;

/**
 * The game socket drops mid-game without a word (as a network fault does): the mini-game should
 * ask for its game back with `reattach` on the control socket, attach again with the fresh
 * token, and carry on after `resumed`. Optional in protocol 1 (without it the game ends after
 * the grace), but reported, as players notice the difference.
 */
export async function checkReattach(d: ReattachDeps): Promise<void> {
  const gameId = `g-reattach-${Date.now().toString(36)}`;
  const first = await d.attach(LABEL, gameId);
  if (!first) return;
  first.send({ type: 'attached', gameId, protocolVersion: 1 });
  first.send({ type: 'start', difficulty: d.difficulty, options: {}, players: d.players });
  await first.next(3_000);
  first.socket.terminate();

  const asked = await reattachAsked(d.control, gameId);
  if (!d.report.expect(asked, `${LABEL}: asks for its game back with reattach`, 'no reattach within 8 s'))
    return;
  const again = await d.attach(`${LABEL} (fresh token)`, gameId);
  if (!again) return;
  again.send({ type: 'attached', gameId, protocolVersion: 1 });
  again.send({ type: 'resumed', players: d.players });
  await again.next(1_500);
  d.report.expect(!again.closed, `${LABEL}: carries on after resumed`, 'closed its game socket');
  again.send({ type: 'closing', code: 'SERVER_STOPPING', message: 'The game is over.' });
  again.close(1000, 'SERVER_STOPPING');
}

async function reattachAsked(control: PeerSocket, gameId: string): Promise<boolean> {
  const deadline = Date.now() + ASK_WITHIN_MS;
  while (Date.now() < deadline) {
    const frame = await control.next(deadline - Date.now());
    if (!frame) return false;
    const parsed = MinigameReattach.safeParse(frame.text ? parseJson(frame.text) : undefined);
    if (parsed.success && parsed.data.gameId === gameId) return true;
  }
  return false;
}
