import type { StudioView } from '@parlor/protocol';
import { AccessStore } from '../access/access-store.js';
import type { Authorizer } from '../access/authorizer.js';
import { actorOf, type Caller, subjectOf } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AccountsStore } from '../identity/accounts-store.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/secrets.js';
import type { Db, Queryable } from '../storage/db.js';
import type { PlanCatalogue } from './plans.js';
import { ALL_STUDIOS, ownerBindingName, STUDIO_OWNER_ROLE, studioScope } from './studio-scope.js';
import { studioView } from './studio-views.js';
import type { StudioRecord, StudiosStore } from './studios-store.js';

/** What deleting a studio must ask and tidy outside its own tables. */
export interface StudioDependents {
  /** Games of the studio's game types that are still launching, waiting or in progress. */
  liveGames(studioId: string): Promise<number>;
  /** The studio is gone: forget its cached keys and its game types. */
  forget(studioId: string, keyIds: string[]): void;
  /** The ids of the studio's keys (read before deletion, which removes them). */
  keyIds(studioId: string): Promise<string[]>;
}

export interface StudioDeps {
  db: Db;
  studios: StudiosStore;
  plans: PlanCatalogue;
  authorizer: Authorizer;
  accounts: AccountsStore;
  audit: AuditLog;
  clock: Clock;
  creation: 'anyone' | 'admins';
  dependents: StudioDependents;
}

const MAX_OWNERS = 100;
/** Studios one person may own: enough for anyone real, and a bound on what one account can make. */
export const MAX_STUDIOS_PER_OWNER = 20;

/**
 * Studios and their owners. Route-level RBAC has already checked the caller's permission in
 * the studio's scope (an owner, or an admin); these are the rules on top: who may create,
 * never the last owner, no deletion while its games run.
 */
export class StudioService {
  constructor(private readonly deps: StudioDeps) {}

  async create(caller: Caller, name: string): Promise<StudioView> {
    const { db, studios, plans, clock, authorizer } = this.deps;
    if (this.deps.creation === 'admins' && !(await this.isAdmin(caller)))
      throw new AppError('FORBIDDEN', 'On this Parlor only admins create studios');
    const owned = await new AccessStore(db).scopesOf(STUDIO_OWNER_ROLE, 'user', caller.user.userId);
    if (owned.length >= MAX_STUDIOS_PER_OWNER)
      throw new AppError('CONFLICT', `You may own at most ${MAX_STUDIOS_PER_OWNER} studios`);
    const id = newId();
    const now = clock.now();
    await db.transaction(async (tx) => {
      await studios.insert(tx, {
        id,
        name,
        plan: plans.default.id,
        createdBy: caller.user.userId,
        createdAt: now,
      });
      await this.bindOwner(tx, id, caller.user.userId, now);
    });
    await authorizer.reload();
    await this.audit(caller, 'studio.create', id, { name, plan: plans.default.id });
    return this.get(id);
  }

  /** The caller's studios; admins see every studio. */
  async list(caller: Caller): Promise<StudioView[]> {
    const { db, studios } = this.deps;
    const records = (await this.isAdmin(caller))
      ? await studios.list(db)
      : await studios.byIds(
          db,
          (await new AccessStore(db).scopesOf(STUDIO_OWNER_ROLE, 'user', caller.user.userId)).map((s) =>
            s.slice('studio:'.length),
          ),
        );
    return Promise.all(records.map((s) => this.view(s)));
  }

  async get(id: string): Promise<StudioView> {
    return this.view(await this.found(this.deps.db, id));
  }

  async rename(caller: Caller, id: string, name: string): Promise<StudioView> {
    if (!(await this.deps.studios.rename(this.deps.db, id, name, this.deps.clock.now())))
      throw new AppError('NOT_FOUND', 'No such studio');
    await this.audit(caller, 'studio.rename', id, { name });
    return this.get(id);
  }

  async addOwner(caller: Caller, id: string, userId: string): Promise<StudioView> {
    const { db, accounts, clock } = this.deps;
    const user = await accounts.byId(userId);
    if (!user || user.disabledAt) throw new AppError('NOT_FOUND', 'No such user');
    await db.transaction(async (tx) => {
      await this.found(tx, id, true);
      if ((await new AccessStore(tx).bindingsInScope(studioScope(id))).length >= MAX_OWNERS)
        throw new AppError('CONFLICT', `A studio has at most ${MAX_OWNERS} owners`);
      await this.bindOwner(tx, id, userId, clock.now());
    });
    await this.deps.authorizer.reload();
    await this.audit(caller, 'studio.owner.add', id, { userId });
    return this.get(id);
  }

  /** Never the last owner: a studio nobody can manage would need an admin to recover. */
  async removeOwner(caller: Caller, id: string, userId: string): Promise<StudioView> {
    const { db } = this.deps;
    await db.transaction(async (tx) => {
      await this.found(tx, id, true);
      const access = new AccessStore(tx);
      const owners = (await access.bindingsInScope(studioScope(id))).filter(
        (b) => b.role === STUDIO_OWNER_ROLE,
      );
      const binding = owners.find((b) => b.subjectKind === 'user' && b.subject === userId);
      if (!binding) throw new AppError('NOT_FOUND', 'That user is not an owner of this studio');
      if (owners.length <= 1)
        throw new AppError('CONFLICT', 'This is the studio’s last owner; add another owner first');
      await access.deleteBinding(binding.name);
    });
    await this.deps.authorizer.reload();
    await this.audit(caller, 'studio.owner.remove', id, { userId });
    return this.get(id);
  }

  /** Refused while any game of the studio's runs; its players, logins and keys go with it. */
  async delete(caller: Caller, id: string): Promise<void> {
    const { db, studios, dependents, authorizer } = this.deps;
    await this.found(db, id);
    const live = await dependents.liveGames(id);
    if (live > 0)
      throw new AppError('CONFLICT', `The studio has ${live} running game(s); end them before deleting it`);
    const keyIds = await dependents.keyIds(id);
    await db.transaction(async (tx) => {
      await this.found(tx, id, true);
      await new AccessStore(tx).deleteScope(studioScope(id));
      await studios.delete(tx, id);
    });
    dependents.forget(id, keyIds);
    await authorizer.reload();
    await this.audit(caller, 'studio.delete', id);
  }

  isAdmin(caller: Caller): Promise<boolean> {
    return this.deps.authorizer.can(subjectOf(caller.user), 'list', ALL_STUDIOS);
  }

  async found(q: Queryable, id: string, lock = false): Promise<StudioRecord> {
    const studio = lock ? await this.deps.studios.lock(q, id) : await this.deps.studios.get(q, id);
    if (!studio) throw new AppError('NOT_FOUND', 'No such studio');
    return studio;
  }

  private async bindOwner(tx: Queryable, studioId: string, userId: string, now: Date): Promise<void> {
    await new AccessStore(tx).insertBinding(
      {
        name: ownerBindingName(studioId, userId),
        role: STUDIO_OWNER_ROLE,
        subjectKind: 'user',
        subject: userId,
        builtin: false,
        scope: studioScope(studioId),
      },
      now,
    );
  }

  private async view(s: StudioRecord): Promise<StudioView> {
    const { db, accounts, plans } = this.deps;
    const bindings = await new AccessStore(db).bindingsInScope(studioScope(s.id));
    const owners = await Promise.all(
      bindings
        .filter((b) => b.role === STUDIO_OWNER_ROLE && b.subjectKind === 'user')
        .map(async (b) => ({
          userId: b.subject,
          username: (await accounts.byId(b.subject))?.username ?? null,
        })),
    );
    return studioView(s, plans.effective(s.plan), owners);
  }

  private audit(caller: Caller, action: string, target: string, detail?: Record<string, unknown>) {
    return this.deps.audit.recordUserAction(actorOf(caller), action, target, 'success', detail);
  }
}
