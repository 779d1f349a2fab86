import type { GameView } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import type { Actor, MatchmakerContext } from './context.js';
import type { GameRecord } from './games-store.js';
import type { SeatRecord } from './seats-store.js';

/** What this service uses of the matchmaker's context. */
export type GameViewsDeps = Pick<MatchmakerContext, 'games' | 'seats' | 'secrets' | 'socketUrl'>;

const LIST_LIMIT = 100;

/** Reading games: members see their games, admins every game; others learn nothing. */
export class GameViews {
  constructor(private readonly ctx: GameViewsDeps) {}

  async get(actor: Actor, gameId: string): Promise<GameView> {
    const game = await this.ctx.games.get(gameId);
    const seats = game ? await this.ctx.seats.list(gameId) : [];
    if (!game || (!actor.isAdmin && !seats.some((s) => s.userId === actor.userId))) {
      throw new AppError('NOT_FOUND', 'No such game');
    }
    return this.view(game, seats, actor);
  }

  async list(actor: Actor): Promise<GameView[]> {
    return this.viewsOf(
      await this.ctx.games.list(actor.isAdmin ? undefined : actor.userId, LIST_LIMIT),
      actor,
    );
  }

  /** An admin's look at one user's games; the route's permission (`users` `get`) is the check. */
  async playedBy(actor: Actor, userId: string): Promise<GameView[]> {
    return this.viewsOf(await this.ctx.games.list(userId, LIST_LIMIT), actor);
  }

  private viewsOf(games: GameRecord[], actor: Actor): Promise<GameView[]> {
    return Promise.all(games.map(async (g) => this.view(g, await this.ctx.seats.list(g.id), actor)));
  }

  private view(game: GameRecord, seats: SeatRecord[], actor: Actor): GameView {
    const live = game.status === 'launching' || game.status === 'waiting' || game.status === 'in_progress';
    // The game server decides who hosts and reports it; until it has, the creator hosts.
    const hostId = seats.find((s) => s.role === 'host')?.userId ?? game.hostId;
    return {
      id: game.id,
      type: game.type,
      status: game.status,
      hostId,
      maxPlayers: game.maxPlayers,
      difficulty: game.difficulty,
      url: live && game.url ? this.ctx.socketUrl(game, actor.base) : null,
      // The host (and its creator) may share it again while friends can still join; nobody else is shown it.
      ...(game.status === 'waiting' && (hostId === actor.userId || game.hostId === actor.userId)
        ? { passcode: this.ctx.secrets.passcodeFor(game.id) }
        : {}),
      playersOnline: game.playersOnline,
      createdAt: game.createdAt.toISOString(),
      startedAt: game.startedAt?.toISOString() ?? null,
      endedAt: game.endedAt?.toISOString() ?? null,
      endReason: game.endReason,
      summary: game.summary,
      players: seats.map((s) => ({
        userId: s.userId,
        displayName: s.displayName,
        role: s.role,
        joinedAt: s.joinedAt.toISOString(),
        score: s.score,
        rank: s.rank,
      })),
      results: seats
        .flatMap((s) =>
          s.rank === null || s.score === null
            ? []
            : [{ rank: s.rank, displayName: s.displayName, score: s.score, userId: s.userId }],
        )
        .sort((a, b) => a.rank - b.rank || a.displayName.localeCompare(b.displayName)),
    };
  }
}
