import { MAX_FRONTEND_BYTES, type MinigameView } from '@parlor/protocol';
import type { Caller } from '../access/principal.js';
import { actorOf } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import type { Db } from '../storage/db.js';
import type { StudioGameTypes } from '../studios/studio-game-types.js';
import type { FrontendRecord, FrontendsStore } from './frontends-store.js';
import { minigameMeta } from './minigame-views.js';
import type { MinigameRecord, MinigamesStore } from './minigames-store.js';

export interface FrontendDeps {
  db: Db;
  minigames: MinigamesStore;
  frontends: FrontendsStore;
  gameTypes: StudioGameTypes;
  audit: AuditLog;
  clock: Clock;
  /** False when this Parlor takes no front ends (PARLOR_MINIGAME_FRONTENDS=off). */
  accepting: boolean;
  /** The mini-game's view, as its owners read it after a change. */
  view(studioId: string, id: string): Promise<MinigameView>;
}

/** Decodes the upload; anything but one plain UTF-8 HTML document is refused. */
export function readFrontend(body: unknown): string {
  // No body at all (or none the text/html parser took) reaches here as undefined.
  if (!Buffer.isBuffer(body))
    throw new AppError(
      'MINIGAME_FRONTEND_INVALID',
      'Send the front end as the text/html body of the request',
    );
  if (body.length > MAX_FRONTEND_BYTES)
    throw new AppError('PAYLOAD_TOO_LARGE', 'The front end is larger than 256 KiB');
  let html: string;
  try {
    html = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new AppError('MINIGAME_FRONTEND_INVALID', 'The front end is not valid UTF-8');
  }
  if (html.includes('\u0000'))
    throw new AppError('MINIGAME_FRONTEND_INVALID', 'The front end holds NUL characters');
  if (!/^\uFEFF?\s*<!doctype html>/i.test(html))
    throw new AppError('MINIGAME_FRONTEND_INVALID', 'The front end must start with <!doctype html>');
  return html;
}

/**
 * A studio's own front end for its mini-game: uploaded and removed by its owners (route RBAC has
 * checked that), served to anyone who may play. What makes it harmless is how it is served and
 * framed (frontend-routes.ts, the web client's sandbox), not what it contains.
 */
export class FrontendService {
  constructor(private readonly deps: FrontendDeps) {}

  async put(caller: Caller, studioId: string, id: string, body: unknown): Promise<MinigameView> {
    if (!this.deps.accepting)
      throw new AppError('FORBIDDEN', 'This Parlor does not take mini-game front ends');
    const html = readFrontend(body);
    await this.found(studioId, id);
    const { db, frontends, clock } = this.deps;
    await frontends.put(db, { minigameId: id, html, sha256: sha256(html), updatedAt: clock.now() });
    await this.changed(caller, studioId, id, 'studio.minigame.frontend.put');
    return this.deps.view(studioId, id);
  }

  async delete(caller: Caller, studioId: string, id: string): Promise<void> {
    await this.found(studioId, id);
    if (!(await this.deps.frontends.delete(this.deps.db, id)))
      throw new AppError('NOT_FOUND', 'This mini-game has no front end');
    await this.changed(caller, studioId, id, 'studio.minigame.frontend.delete');
  }

  /**
   * The document, for the players' browsers; a missing one and an unknown mini-game look alike,
   * and so does one stored while front ends were on, once they are off.
   */
  async serve(id: string): Promise<FrontendRecord> {
    const found = this.deps.accepting ? await this.deps.frontends.get(this.deps.db, id) : undefined;
    if (!found) throw new AppError('NOT_FOUND', 'No front end for this mini-game');
    return found;
  }

  private async changed(caller: Caller, studioId: string, id: string, action: string) {
    this.deps.gameTypes.put(studioId, minigameMeta(await this.found(studioId, id)));
    await this.deps.audit.recordUserAction(actorOf(caller), action, id, 'success', { studioId });
  }

  private async found(studioId: string, id: string): Promise<MinigameRecord> {
    const m = await this.deps.minigames.get(this.deps.db, id);
    if (!m || m.studioId !== studioId) throw new AppError('NOT_FOUND', 'No such mini-game');
    return m;
  }
}
