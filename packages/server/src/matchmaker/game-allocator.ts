import type { CreateGameRequest, GameCreated, GameServerMinigame, GameTypeMeta } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import { newId, randomSecret } from '../platform/secrets.js';
import type { Actor, MatchmakerContext, MatchmakerLimits } from './context.js';
import type { GameLifecycle } from './game-lifecycle.js';
import type { GameRecord } from './games-store.js';
import { attachRequestFor } from './minigame-attach.js';

/** What this service uses of the matchmaker's context. */
export type GameAllocatorDeps = Pick<
  MatchmakerContext,
  | 'admission'
  | 'audit'
  | 'catalogue'
  | 'clock'
  | 'controlUrl'
  | 'db'
  | 'games'
  | 'launcher'
  | 'limits'
  | 'log'
  | 'minigames'
  | 'seats'
  | 'secrets'
  | 'signals'
  | 'socketUrl'
  | 'stats'
  | 'tickets'
>;

const POLL_MS = 250;

/** What a game server needs to know of a game type (not its studio or liveness). */
function gameTypeMeta(m: GameTypeMeta): GameTypeMeta {
  const { id, name, minPlayers, maxPlayers, difficulties, tickHz, options, frontend } = m;
  return {
    ...{ id, name, minPlayers, maxPlayers, difficulties, tickHz },
    ...(options ? { options } : {}),
    // The players' web client loads the studio's own front end when the welcome names one.
    ...(frontend ? { frontend } : {}),
  };
}

/** A mini-game's part of the secrets: its rules' meta and the deadlines its link keeps. */
function minigameSpec(meta: GameTypeMeta, limits: MatchmakerLimits): GameServerMinigame {
  return {
    id: meta.id,
    meta: gameTypeMeta(meta),
    stallMs: limits.minigameStallMs,
    reconnectGraceMs: limits.minigameReconnectGraceMs,
  };
}

/**
 * `POST /v1/games`: slot check, secrets, launch, wait for ready. The slot check and the
 * insert share one transaction under one advisory lock, so a burst of requests can never
 * seat more games or players than the limits; a request id seen before returns its game.
 */
export class GameAllocator {
  constructor(
    private readonly ctx: GameAllocatorDeps,
    private readonly lifecycle: GameLifecycle,
  ) {}

  async create(actor: Actor, request: CreateGameRequest): Promise<GameCreated> {
    const { ctx } = this;
    const meta = ctx.catalogue.find(request.type);
    if (!meta) throw new AppError('GAME_TYPE_UNKNOWN', `There is no game of type ${request.type}`);
    const maxPlayers = request.maxPlayers ?? meta.maxPlayers;
    if (maxPlayers < meta.minPlayers || maxPlayers > meta.maxPlayers) {
      throw new AppError(
        'VALIDATION_FAILED',
        `${meta.name} takes ${meta.minPlayers}-${meta.maxPlayers} players`,
        {
          issues: [{ path: 'body.maxPlayers', message: `between ${meta.minPlayers} and ${meta.maxPlayers}` }],
        },
      );
    }
    if (meta.connected === false)
      throw new AppError('MINIGAME_OFFLINE', `No server of ${meta.name} is connected now; try again later`);
    if (meta.studioId) await ctx.admission?.admit(meta.studioId, actor.userId);
    const requestId = request.requestId ?? null;
    const gameId = newId();
    const secrets = ctx.secrets.create(gameId);
    const now = ctx.clock.now();

    const existing = await ctx.db.transaction(async (tx) => {
      await ctx.games.lockSlots(tx);
      if (requestId) {
        const earlier = await ctx.games.byRequest(tx, actor.userId, requestId);
        if (earlier) return earlier;
      }
      const usage = await ctx.games.usage(tx, actor.userId);
      if (usage.games >= ctx.limits.maxGames || usage.players + 1 > ctx.limits.maxPlayers) {
        throw new AppError('NO_GAME_SLOT', undefined, { retryAfterSeconds: 30 });
      }
      if (usage.hosted >= ctx.limits.maxGamesPerUser) {
        throw new AppError('GAME_LIMIT_REACHED', `You may host ${ctx.limits.maxGamesPerUser} games at once`);
      }
      await ctx.games.insert(tx, {
        id: gameId,
        type: meta.id,
        hostId: actor.userId,
        maxPlayers,
        requestId,
        ...secrets.stored,
        launcherScope: ctx.launcher.scope,
        createdAt: now,
      });
      await ctx.seats.add(tx, {
        gameId,
        userId: actor.userId,
        playerId: randomSecret(12),
        displayName: actor.username,
        role: 'host',
        joinedAt: now,
      });
      return undefined;
    });

    if (existing) {
      secrets.connectKey.fill(0);
      if (existing.type !== meta.id || existing.maxPlayers !== maxPlayers)
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      return this.answer(await this.awaitReady(existing.id, false), actor);
    }
    await ctx.audit.record({
      actorKind: 'user',
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action: 'game.create',
      target: gameId,
      outcome: 'success',
      detail: { type: meta.id, maxPlayers },
    });
    await ctx.stats?.gameCreated({ gameId, type: meta.id });

    try {
      const launched = await ctx.launcher.launch({
        gameId,
        gameType: meta.id,
        maxPlayers,
        heartbeatIntervalMs: ctx.limits.heartbeatIntervalMs,
        controlUrl: ctx.controlUrl(),
        secrets: { connectKey: secrets.connectKey, reportingToken: secrets.reportingToken },
        ...(meta.connected === undefined ? {} : { minigame: minigameSpec(meta, ctx.limits) }),
      });
      await ctx.games.setAddress(gameId, {
        publicHost: launched.publicHost,
        publicPort: launched.publicPort ?? null,
        privateHost: launched.privateHost ?? launched.publicHost,
        privatePort: launched.privatePort ?? null,
      });
    } catch (err) {
      ctx.log.error({ err, gameId }, 'game server launch failed');
      await this.lifecycle.end(gameId, 'failed', 'launch failed');
      throw new AppError('GAME_START_FAILED');
    } finally {
      secrets.connectKey.fill(0);
    }
    const ready = await this.awaitReady(gameId, true);
    if (meta.connected !== undefined) await this.callMinigame(ready, meta.id);
    return this.answer(ready, actor);
  }

  /** Tells a server of the mini-game where to attach; with none left connected, the game fails. */
  private async callMinigame(game: GameRecord, minigameId: string): Promise<void> {
    if (await this.ctx.minigames?.attach(minigameId, attachRequestFor(this.ctx, game, minigameId))) return;
    await this.lifecycle.end(game.id, 'failed', 'no server of the mini-game was connected to attach');
    throw new AppError('MINIGAME_OFFLINE');
  }

  /**
   * Waits for the server's ready report (signalled here, or seen in the database when it
   * reached another node). The request that launched the game owns the startup deadline
   * and fails the game when it passes; a retry only stops waiting.
   */
  private async awaitReady(gameId: string, owner: boolean): Promise<GameRecord> {
    const deadline = Date.now() + this.ctx.limits.startupTimeoutMs;
    for (;;) {
      const game = await this.ctx.games.get(gameId);
      if (!game) throw new AppError('GAME_START_FAILED');
      if (game.status === 'waiting' || game.status === 'in_progress') return game;
      if (game.status === 'failed') throw new AppError('GAME_START_FAILED');
      if (game.status !== 'launching') throw new AppError('GAME_OVER');
      const left = deadline - Date.now();
      if (left <= 0) {
        if (!owner) throw new AppError('GAME_NOT_READY');
        await this.lifecycle.end(gameId, 'failed', 'no ready report before the startup deadline');
        throw new AppError('GAME_START_FAILED', 'The game server did not report ready in time');
      }
      await this.ctx.signals.wait(gameId, Math.min(POLL_MS, left));
    }
  }

  private async answer(game: GameRecord, actor: Actor): Promise<GameCreated> {
    const seat = await this.ctx.seats.of(game.id, actor.userId);
    if (!seat) throw new AppError('NOT_FOUND');
    const url = this.ctx.socketUrl(game, actor.base);
    return { ...this.ctx.tickets.issue(game, seat, url), passcode: this.ctx.secrets.passcodeFor(game.id) };
  }
}
