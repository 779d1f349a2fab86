import type { MinigameAttachRequest } from '@parlor/protocol';
import type { MatchmakerContext } from './context.js';
import type { GameRecord } from './games-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The control-socket frame that sends a server of the mini-game to this game, with a fresh token. */
export function attachRequestFor(
  ctx: Pick<MatchmakerContext, 'tickets'>,
  game: GameRecord,
  minigameId: string,
): MinigameAttachRequest {
  const { token, expiresAt } = ctx.tickets.attach(game, minigameId);
  const path = `/v1/games/${encodeURIComponent(game.id)}/socket`;
  return { type: 'attach', gameId: game.id, path, token, expiresAt };
}

/**
 * A server of the mini-game asks to attach again to a game whose socket it lost (it is within
 * the game's grace). Only a running game of that very mini-game gets a token; anything else
 * gets nothing, so the answer tells a stranger no more than silence.
 */
export async function reattachRequest(
  ctx: Pick<MatchmakerContext, 'games' | 'tickets'>,
  minigameId: string,
  gameId: string,
): Promise<MinigameAttachRequest | null> {
  if (!UUID.test(gameId)) return null;
  const game = await ctx.games.get(gameId);
  if (!game || game.type !== minigameId || !game.connectKeySealed) return null;
  if (game.status !== 'waiting' && game.status !== 'in_progress') return null;
  return attachRequestFor(ctx, game, minigameId);
}
