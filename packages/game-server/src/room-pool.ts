import { type GameLogic, GameServerSecrets, PoolCommand, type PoolRoomEnded } from '@parlor/protocol';
import { errorFields, type Logger } from './logger.js';
import { startGameFromSecrets } from './game-from-secrets.js';
import type { RunningGameServer } from './start-game-server.js';

export interface RoomPoolDeps {
  /** Tells the launcher a room is over (its own status report already went to the control plane). */
  send(message: PoolRoomEnded): void;
  /** A logger for one room, tagged with its game id. */
  logFor(gameId: string): Logger;
  log: Logger;
  /** Called once retired (or cut off from the launcher) and empty. */
  onEmpty(): void;
  /** Default: the built-in games. */
  findLogic?: (gameType: string) => GameLogic | undefined;
}

/**
 * The rooms of a pooled game-server process, each started from its own secrets message and
 * so with its own connect key, token checks, resume tokens, reports and revocation watch.
 * A room whose logic throws ends alone (GameRoom turns it into a failed outcome). Mini-games
 * are refused: their servers stay one process per game.
 */
export class RoomPool {
  private readonly rooms = new Map<string, RunningGameServer | null>();
  private retired = false;

  constructor(private readonly deps: RoomPoolDeps) {}

  get size(): number {
    return this.rooms.size;
  }

  /** One IPC message from the launcher; anything malformed is logged and dropped. */
  receive(message: unknown): void {
    const secrets = GameServerSecrets.safeParse(message);
    if (secrets.success) return void this.open(secrets.data);
    const command = PoolCommand.safeParse(message);
    if (!command.success) return this.deps.log.warn('dropped a malformed pool message');
    if (command.data.type === 'parlor.retire') return this.retire();
    void this.rooms.get(command.data.gameId)?.stop();
  }

  /** No more rooms will come (retired, signalled, or the launcher is gone). */
  retire(): void {
    this.retired = true;
    if (this.rooms.size === 0) this.deps.onEmpty();
  }

  stopAll(): void {
    this.retired = true;
    for (const server of this.rooms.values()) void server?.stop();
    if (this.rooms.size === 0) this.deps.onEmpty();
  }

  private async open(secrets: GameServerSecrets): Promise<void> {
    const { gameId } = secrets;
    if (this.retired || this.rooms.has(gameId) || secrets.minigame) {
      this.deps.log.warn('refused a room', { gameId, retired: this.retired });
      return this.deps.send({ type: 'parlor.room-ended', gameId, detail: 'refused by the pool' });
    }
    this.rooms.set(gameId, null);
    let detail: string;
    try {
      const game = await startGameFromSecrets(secrets, this.deps.logFor(gameId), this.deps.findLogic);
      this.rooms.set(gameId, game.server);
      const exit = await game.ended;
      detail = `room ended with code ${exit.exitCode} (${exit.reason})`.slice(0, 200);
    } catch (err) {
      this.deps.log.error('room failed to start', { gameId, ...errorFields(err) });
      detail = 'room failed to start';
    }
    this.rooms.delete(gameId);
    this.deps.send({ type: 'parlor.room-ended', gameId, detail });
    if (this.retired && this.rooms.size === 0) this.deps.onEmpty();
  }
}
