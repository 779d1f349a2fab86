import type { GameEnd } from '../stats/stats-recorder.js';
import type { MatchmakerContext } from './context.js';
import type { EndStatus } from './game-record.js';

/** What stats is told of a game that is over: its type, who sat in it, how it ended and when it began. */
export async function gameEndOf(
  ctx: Pick<MatchmakerContext, 'games' | 'seats'>,
  gameId: string,
  to: EndStatus,
): Promise<GameEnd> {
  const [game, seats] = await Promise.all([ctx.games.get(gameId), ctx.seats.list(gameId)]);
  return {
    gameId,
    type: game?.type ?? 'unknown',
    // A game ended any other way (by its host, for idleness, at shutdown) was abandoned.
    status: to === 'finished' || to === 'failed' ? to : 'abandoned',
    startedAt: game?.startedAt ?? null,
    players: seats.map((seat) => ({ userId: seat.userId, rank: seat.rank })),
  };
}
