import { ATTACH_TOKEN_TTL_MS, sealAttachToken } from '@parlor/game-server/attach-token';
import { sealConnectToken } from '@parlor/game-server/connect-token';
import type { GameTicket } from '@parlor/protocol';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { GameSecrets } from './game-secrets.js';
import type { GameRecord } from './games-store.js';
import type { SeatRecord } from './seats-store.js';

/**
 * Mints connect tokens: AES-256-GCM under the game's connect key (netcode.io style, see
 * @parlor/game-server/connect-token), seconds-long, single use at the game server. The key
 * is opened from its sealed form for each token and never kept in memory between requests.
 */
export class ConnectTickets {
  constructor(
    private readonly secrets: GameSecrets,
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The token a mini-game's server attaches to this game with: single use, seconds long. */
  attach(game: GameRecord, minigameId: string): { token: string; expiresAt: string } {
    if (!game.connectKeySealed) throw new AppError('GAME_OVER');
    const key = this.secrets.openConnectKey(game.id, game.connectKeySealed);
    const expiresAt = this.clock.nowMs() + ATTACH_TOKEN_TTL_MS;
    try {
      const token = sealAttachToken(key, { gameId: game.id, minigameId, expiresAt });
      return { token, expiresAt: new Date(expiresAt).toISOString() };
    } finally {
      key.fill(0);
    }
  }

  /** `url` is where this player opens the game socket (the relay, or the server itself). */
  issue(game: GameRecord, seat: SeatRecord, url: string): GameTicket {
    if (!game.connectKeySealed || !['waiting', 'in_progress'].includes(game.status)) {
      throw new AppError('GAME_OVER');
    }
    if (!game.url) throw new AppError('GAME_NOT_READY');
    const key = this.secrets.openConnectKey(game.id, game.connectKeySealed);
    const expiresAt = this.clock.nowMs() + this.ttlMs;
    try {
      const connectToken = sealConnectToken(key, {
        gameId: game.id,
        playerId: seat.playerId,
        displayName: seat.displayName,
        expiresAt,
      });
      return {
        gameId: game.id,
        url,
        connectToken,
        connectTokenExpiresAt: new Date(expiresAt).toISOString(),
      };
    } finally {
      key.fill(0);
    }
  }
}
