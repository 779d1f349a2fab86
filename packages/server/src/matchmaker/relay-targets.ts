import { AppError } from '../platform/app-error.js';
import type { RelayTarget } from '../game-relay/upstream-pipe.js';
import type { GamesStore } from './games-store.js';

/**
 * Where the relay finds a game's server: its private address from storage, so any node can
 * relay to any game server. Only a game players may connect to has one to give.
 */
export class RelayTargets {
  constructor(private readonly games: GamesStore) {}

  async find(gameId: string): Promise<RelayTarget> {
    const game = await this.games.get(gameId);
    if (!game) throw new AppError('NOT_FOUND', 'No such game');
    if (game.status === 'launching') throw new AppError('GAME_NOT_READY');
    if (game.status !== 'waiting' && game.status !== 'in_progress') throw new AppError('GAME_OVER');
    if (game.privateHost && game.privatePort) return { host: game.privateHost, port: game.privatePort };
    // A game launched before private addresses were stored: its direct address will do.
    const direct = game.url ? addressOf(game.url) : null;
    if (!direct) throw new AppError('GAME_NOT_READY');
    return direct;
  }
}

function addressOf(url: string): { host: string; port: number } | null {
  try {
    const parsed = new URL(url);
    const port = Number(parsed.port);
    return port ? { host: parsed.hostname.replace(/^\[|\]$/g, ''), port } : null;
  } catch {
    return null;
  }
}
