import type {
  MinigameGameView,
  MinigameView,
  RegisterMinigameRequest,
  UpdateMinigameRequest,
} from '@parlor/protocol';
import type { Caller } from '../access/principal.js';
import { actorOf } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../storage/db.js';
import type { StudioGameTypes } from '../studios/studio-game-types.js';
import type { StudioKeys } from '../studios/studio-keys.js';
import type { StudioService } from '../studios/studio-service.js';
import type { ConnectionsStore } from './connections-store.js';
import type { GameHistoryEntry } from '../matchmaker/game-record.js';
import { minigameGameView, minigameMeta, minigameView } from './minigame-views.js';
import type { MinigameRecord, MinigamesStore } from './minigames-store.js';

export interface MinigameDeps {
  db: Db;
  minigames: MinigamesStore;
  connections: ConnectionsStore;
  studios: Pick<StudioService, 'found'>;
  keys: Pick<StudioKeys, 'create'>;
  gameTypes: StudioGameTypes;
  audit: AuditLog;
  clock: Clock;
  /** Ids no mini-game may take: the built-in games'. */
  reservedTypes: ReadonlySet<string>;
  /** Games of this type still launching, waiting or in progress (the matchmaker answers). */
  liveGames(type: string): Promise<number>;
  /** The latest games of this type, newest first (the matchmaker answers). */
  recentGames(type: string, limit: number): Promise<GameHistoryEntry[]>;
  /** Whether a server of the mini-game is connected now. */
  connected(type: string): boolean;
  /** Its keys are gone: forget them, and drop the connections they opened. */
  keysGone(keyIds: readonly string[]): void;
  keyIdsOf(minigameId: string): Promise<string[]>;
  /** The catalogue changed here: the other nodes read theirs again. */
  catalogueChanged(): void;
}

/** A bound on what one studio can register; far above any real studio's catalogue. */
export const MAX_MINIGAMES_PER_STUDIO = 50;

/**
 * A studio's mini-games: registered, listed, changed and deleted by its owners (route-level RBAC
 * has checked that). Registering one makes its `minigame` key, shown once; deleting one is
 * refused while games of it run, and takes its keys with it.
 */
export class MinigameService {
  constructor(private readonly deps: MinigameDeps) {}

  /** Makes the catalogue match storage: at start, and when another node changed a mini-game. */
  async load(): Promise<void> {
    const stored = await this.deps.minigames.list(this.deps.db);
    const kept = new Set(stored.map((m) => m.id));
    for (const id of this.deps.gameTypes.minigameIds()) if (!kept.has(id)) this.deps.gameTypes.remove(id);
    for (const m of stored) this.deps.gameTypes.put(m.studioId, minigameMeta(m));
  }

  async register(caller: Caller, studioId: string, input: RegisterMinigameRequest) {
    const { db, minigames, clock, reservedTypes } = this.deps;
    if (reservedTypes.has(input.id))
      throw new AppError('CONFLICT', `${input.id} is a built-in game's id; pick another`);
    const now = clock.now();
    await db.transaction(async (tx) => {
      await this.deps.studios.found(tx, studioId, true);
      if ((await minigames.countByStudio(tx, studioId)) >= MAX_MINIGAMES_PER_STUDIO)
        throw new AppError(
          'CONFLICT',
          `A studio may register at most ${MAX_MINIGAMES_PER_STUDIO} mini-games`,
        );
      const fields = { ...input, options: input.options ?? null };
      if (!(await minigames.insert(tx, { ...fields, studioId, now })))
        throw new AppError('CONFLICT', `The game type id ${input.id} is taken`);
    });
    let apiKey;
    try {
      apiKey = await this.deps.keys.create(caller, studioId, {
        name: `minigame ${input.id}`.slice(0, 64),
        role: 'minigame',
        minigameId: input.id,
      });
    } catch (err) {
      // No mini-game without its key: the owner registers again once a key can be made.
      await minigames.delete(db, input.id);
      throw err;
    }
    const record = await this.found(studioId, input.id);
    this.deps.gameTypes.put(studioId, minigameMeta(record));
    this.deps.catalogueChanged();
    await this.audit(caller, 'studio.minigame.create', input.id, { studioId });
    return { minigame: await this.view(record), apiKey };
  }

  async list(studioId: string): Promise<MinigameView[]> {
    const records = await this.deps.minigames.listByStudio(this.deps.db, studioId);
    const connections = await this.deps.connections.recent(
      this.deps.db,
      records.map((m) => m.id),
    );
    return records.map((m) =>
      minigameView(
        m,
        this.deps.connected(m.id),
        connections.filter((c) => c.minigameId === m.id),
      ),
    );
  }

  async get(studioId: string, id: string): Promise<MinigameView> {
    return this.view(await this.found(studioId, id));
  }

  /** How the latest games of the mini-game went, and why each ended, as its players were told. */
  async games(studioId: string, id: string, limit: number): Promise<MinigameGameView[]> {
    await this.found(studioId, id);
    return (await this.deps.recentGames(id, limit)).map(minigameGameView);
  }

  async update(caller: Caller, studioId: string, id: string, input: UpdateMinigameRequest) {
    const current = await this.found(studioId, id);
    const next = { ...current, ...input, options: input.options ?? current.options };
    if (next.minPlayers > next.maxPlayers)
      throw new AppError('VALIDATION_FAILED', 'minPlayers may not exceed maxPlayers', {
        issues: [{ path: 'body.minPlayers', message: `at most maxPlayers (${next.maxPlayers})` }],
      });
    await this.deps.minigames.update(this.deps.db, id, next, this.deps.clock.now());
    const record = await this.found(studioId, id);
    this.deps.gameTypes.put(studioId, minigameMeta(record));
    this.deps.catalogueChanged();
    await this.audit(caller, 'studio.minigame.update', id, { studioId });
    return this.view(record);
  }

  async delete(caller: Caller, studioId: string, id: string): Promise<void> {
    await this.found(studioId, id);
    const live = await this.deps.liveGames(id);
    if (live > 0)
      throw new AppError(
        'CONFLICT',
        `${live} game(s) of this mini-game still run; end them before deleting it`,
      );
    const keyIds = await this.deps.keyIdsOf(id);
    await this.deps.minigames.delete(this.deps.db, id);
    this.deps.gameTypes.remove(id);
    this.deps.catalogueChanged();
    this.deps.keysGone(keyIds);
    await this.audit(caller, 'studio.minigame.delete', id, { studioId });
  }

  /** Another studio's mini-game looks exactly like a missing one. */
  private async found(studioId: string, id: string): Promise<MinigameRecord> {
    const m = await this.deps.minigames.get(this.deps.db, id);
    if (!m || m.studioId !== studioId) throw new AppError('NOT_FOUND', 'No such mini-game');
    return m;
  }

  private async view(m: MinigameRecord): Promise<MinigameView> {
    const connections = await this.deps.connections.recent(this.deps.db, [m.id]);
    return minigameView(m, this.deps.connected(m.id), connections);
  }

  private audit(caller: Caller, action: string, target: string, detail: Record<string, unknown>) {
    return this.deps.audit.recordUserAction(actorOf(caller), action, target, 'success', detail);
  }
}
