import type { GameTypeMeta } from '@parlor/protocol';

/** A kind of game that belongs to a studio: its players count against the studio's plan. */
export interface StudioGameType extends GameTypeMeta {
  studioId: string;
  /** Set for a registered mini-game: whether a server of it is connected now. */
  connected?: boolean;
}

/**
 * The game types studios publish, kept in memory because the matchmaker's catalogue is read on
 * every game request. Registered mini-games are loaded from storage at start and kept current
 * by the mini-game service (`put`, `remove`); a host or a test may also register a built-in
 * game's logic under a studio's type id in process (`register`), which needs no server.
 */
export class StudioGameTypes {
  private readonly types = new Map<string, StudioGameType>();
  private readonly minigames = new Set<string>();

  /**
   * @param connected whether a server of a mini-game is connected now
   * @param frontends false when this Parlor serves no studio front ends: the types then name
   *   none, so players' clients (game-types list, the game's welcome) use the component UI
   */
  constructor(
    private readonly connected: (type: string) => boolean = () => false,
    private readonly frontends = true,
  ) {}

  register(studioId: string, meta: GameTypeMeta): void {
    const { frontend: _stored, ...withoutFrontend } = meta;
    this.types.set(meta.id, { ...(this.frontends ? meta : withoutFrontend), studioId });
  }

  /** A registered mini-game, added or changed. */
  put(studioId: string, meta: GameTypeMeta): void {
    this.register(studioId, meta);
    this.minigames.add(meta.id);
  }

  remove(type: string): void {
    this.types.delete(type);
    this.minigames.delete(type);
  }

  find(type: string): StudioGameType | undefined {
    const found = this.types.get(type);
    return found && this.withLiveness(found);
  }

  list(): StudioGameType[] {
    return [...this.types.values()].map((t) => this.withLiveness(t));
  }

  /** The registered mini-games' type ids (not the types registered in process). */
  minigameIds(): string[] {
    return [...this.minigames];
  }

  typesOf(studioId: string): string[] {
    return [...this.types.values()].filter((t) => t.studioId === studioId).map((t) => t.id);
  }

  forget(studioId: string): void {
    for (const type of this.typesOf(studioId)) this.remove(type);
  }

  private withLiveness(t: StudioGameType): StudioGameType {
    return this.minigames.has(t.id) ? { ...t, connected: this.connected(t.id) } : t;
  }
}
