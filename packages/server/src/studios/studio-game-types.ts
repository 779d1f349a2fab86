import type { GameTypeMeta } from '@parlor/protocol';

/** A kind of game that belongs to a studio: its players count against the studio's plan. */
export interface StudioGameType extends GameTypeMeta {
  studioId: string;
}

/**
 * The game types studios publish. Until mini-games are registered through the API this holds
 * what the host (or a test) registers in process: a built-in game's logic under a studio's
 * type id stands in for a studio's mini-game.
 */
export class StudioGameTypes {
  private readonly types = new Map<string, StudioGameType>();

  register(studioId: string, meta: GameTypeMeta): void {
    this.types.set(meta.id, { ...meta, studioId });
  }

  find(type: string): StudioGameType | undefined {
    return this.types.get(type);
  }

  list(): StudioGameType[] {
    return [...this.types.values()];
  }

  typesOf(studioId: string): string[] {
    return this.list()
      .filter((t) => t.studioId === studioId)
      .map((t) => t.id);
  }

  forget(studioId: string): void {
    for (const type of this.typesOf(studioId)) this.types.delete(type);
  }
}
