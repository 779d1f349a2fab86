import type { Clock } from '../platform/clock.js';
import type { AccessStore, BindingRecord, RoleRecord } from './access-store.js';
import { DEFAULT_BINDINGS, DEFAULT_ROLES } from './default-roles.js';
import { AUTHENTICATED_GROUP, type Principal, type Subject, subjectOf } from './principal.js';
import { type Rule, ruleAllows, rulesCover } from './rules.js';

interface Snapshot {
  /** Which reload read it. */
  seq: number;
  roles: Map<string, RoleRecord>;
  bindings: BindingRecord[];
  loadedAt: number;
  /** Decisions already made on this snapshot: every request asks the same few questions. */
  decisions: Map<string, boolean>;
  /** The same, by principal and permission object: a request's answer without building a key. */
  byPrincipal: WeakMap<Principal, WeakMap<Permission, boolean>>;
}

/** A verb on a resource, as one object that a caller keeps (a route's access rule). */
export interface Permission {
  verb: string;
  resource: string;
}

const MAX_REMEMBERED_DECISIONS = 10_000;

const subjectKey = (s: Subject) =>
  s.kind === 'user' ? `u:${s.id}:${s.groups.join(',')}` : `k:${s.id}:${s.role}:${s.ownerId}:${s.scope ?? ''}`;

/**
 * Role-based access control after the Kubernetes api-server: default deny, permissions only
 * add, bindings give roles to users, groups or API keys. Roles and bindings are read into
 * memory; `reload()` is called after every change on this node and on a short interval
 * (and, once the bus is wired, on other nodes' changes).
 */
export class Authorizer {
  private snapshot: Snapshot | undefined;
  private reloading: Promise<Snapshot> | undefined;
  private reloadsStarted = 0;

  constructor(
    private readonly store: AccessStore,
    private readonly clock: Clock,
    private readonly maxAgeMs = 5_000,
  ) {}

  /** Resets the built-in roles and bindings to their definitions. */
  async reconcileDefaults(): Promise<void> {
    const now = this.clock.now();
    for (const [name, rules] of Object.entries(DEFAULT_ROLES))
      await this.store.upsertRole(name, rules, true, now);
    for (const b of DEFAULT_BINDINGS) await this.store.insertBinding({ ...b, builtin: true }, now);
    await this.reload();
  }

  async reload(): Promise<void> {
    const seq = ++this.reloadsStarted;
    const [roles, bindings] = await Promise.all([this.store.listRoles(), this.store.listBindings()]);
    // Reloads can overlap (a change here while the periodic one runs): the newest read wins.
    if (this.snapshot && this.snapshot.seq > seq) return;
    this.snapshot = {
      seq,
      roles: new Map(roles.map((r) => [r.name, r])),
      bindings,
      loadedAt: this.clock.nowMs(),
      decisions: new Map(),
      byPrincipal: new WeakMap(),
    };
  }

  private async current(): Promise<Snapshot> {
    return this.fresh() ?? (await this.reloadOnce());
  }

  private fresh(): Snapshot | undefined {
    const snap = this.snapshot;
    return snap && this.clock.nowMs() - snap.loadedAt <= this.maxAgeMs ? snap : undefined;
  }

  /** One reload for every request that finds the snapshot old at the same moment. */
  private reloadOnce(): Promise<Snapshot> {
    this.reloading ??= this.reload()
      .then(() => this.snapshot!)
      .finally(() => {
        this.reloading = undefined;
      });
    return this.reloading;
  }

  /** The names of the roles bound to a subject. */
  async rolesOf(subject: Subject): Promise<string[]> {
    return this.rolesIn(await this.current(), subject);
  }

  /**
   * A scoped binding (a studio's owner) holds only when the question is asked in its scope;
   * unscoped bindings hold everywhere, in every scope too.
   */
  private rolesIn(snap: Snapshot, subject: Subject, scope?: string): string[] {
    const names = new Set<string>();
    if (subject.kind === 'apiKey' && this.ownerMayGrant(snap, subject.ownerId, subject.role, subject.scope))
      names.add(subject.role);
    for (const b of snap.bindings) {
      if (b.scope !== null && b.scope !== scope) continue;
      const matches =
        (b.subjectKind === 'user' && subject.kind === 'user' && b.subject === subject.id) ||
        (b.subjectKind === 'group' && subject.kind === 'user' && subject.groups.includes(b.subject)) ||
        (b.subjectKind === 'apiKey' && subject.kind === 'apiKey' && b.subject === subject.id);
      if (matches) names.add(b.role);
    }
    return [...names].filter((n) => snap.roles.has(n));
  }

  /**
   * Stricter than Kubernetes, which checks only when a binding is made: the role an API key was
   * made with counts only while its owner could still make such a key (holds the role's rules or
   * `bind` on it), re-checked on every snapshot. A key outlives neither its owner's demotion nor
   * the removal of the binding that let them make it. Bindings made to the key itself by someone
   * else stand on their own, as any binding does.
   */
  private ownerMayGrant(snap: Snapshot, ownerId: string, roleName: string, scope?: string): boolean {
    const key = `grant|${ownerId}|${roleName}|${scope ?? ''}`;
    let allowed = snap.decisions.get(key);
    if (allowed === undefined) {
      const role = snap.roles.get(roleName);
      const owner = { kind: 'user' as const, id: ownerId, groups: [AUTHENTICATED_GROUP] };
      const held = this.rulesIn(snap, owner, scope);
      allowed =
        role !== undefined &&
        (held.some((rule) => ruleAllows(rule, 'bind', 'roles', roleName)) || rulesCover(held, role.rules));
      if (snap.decisions.size < MAX_REMEMBERED_DECISIONS) snap.decisions.set(key, allowed);
    }
    return allowed;
  }

  async rulesOf(subject: Subject): Promise<Rule[]> {
    return this.rulesIn(await this.current(), subject);
  }

  private rulesIn(snap: Snapshot, subject: Subject, scope?: string): Rule[] {
    return this.rolesIn(snap, subject, scope).flatMap((name) => snap.roles.get(name)?.rules ?? []);
  }

  /** `can`, asked inside one scope (`studio:<id>`): the subject's global roles and its roles there. */
  async canIn(subject: Subject, verb: string, resource: string, scope: string): Promise<boolean> {
    const snap = await this.current();
    const key = `${subjectKey(subject)}|${verb}|${resource}||${scope}`;
    let allowed = snap.decisions.get(key);
    if (allowed === undefined) {
      allowed = this.rulesIn(snap, subject, scope).some((rule) => ruleAllows(rule, verb, resource));
      if (snap.decisions.size < MAX_REMEMBERED_DECISIONS) snap.decisions.set(key, allowed);
    }
    return allowed;
  }

  /** `mayGrant`, inside one scope: may the subject hand out this role there? */
  async mayGrantIn(subject: Subject, roleName: string, scope: string): Promise<boolean> {
    const snap = await this.current();
    const role = snap.roles.get(roleName);
    if (!role) return false;
    const held = this.rulesIn(snap, subject, scope);
    return held.some((rule) => ruleAllows(rule, 'bind', 'roles', roleName)) || rulesCover(held, role.rules);
  }

  /** Decisions are remembered until the next reload: every request asks the same few questions. */
  async can(subject: Subject, verb: string, resource: string, name?: string): Promise<boolean> {
    return this.decideOn(await this.current(), subject, verb, resource, name);
  }

  /**
   * `can` for the request path: remembered by the identity of the principal (a cached session's
   * principal is one object for its life) and of the permission (a route's rule), so a repeat
   * question costs two WeakMap lookups and, while the snapshot is fresh, no promise.
   */
  decideFor(principal: Principal, permission: Permission): boolean | Promise<boolean> {
    const snap = this.fresh();
    if (!snap) return this.reloadOnce().then(() => this.decideFor(principal, permission));
    let byPermission = snap.byPrincipal.get(principal);
    if (!byPermission) {
      byPermission = new WeakMap();
      snap.byPrincipal.set(principal, byPermission);
    }
    let allowed = byPermission.get(permission);
    if (allowed === undefined) {
      allowed = this.decideOn(snap, subjectOf(principal), permission.verb, permission.resource);
      byPermission.set(permission, allowed);
    }
    return allowed;
  }

  private decideOn(snap: Snapshot, subject: Subject, verb: string, resource: string, name?: string): boolean {
    const key = `${subjectKey(subject)}|${verb}|${resource}|${name ?? ''}`;
    let allowed = snap.decisions.get(key);
    if (allowed === undefined) {
      allowed = this.rulesIn(snap, subject).some((rule) => ruleAllows(rule, verb, resource, name));
      if (snap.decisions.size < MAX_REMEMBERED_DECISIONS) snap.decisions.set(key, allowed);
    }
    return allowed;
  }

  /**
   * The escalation rule: a subject may create or bind a role only if it holds every
   * permission the role carries, or may `bind` that role by name.
   */
  async mayGrant(subject: Subject, roleRules: readonly Rule[], roleName?: string): Promise<boolean> {
    const held = await this.rulesOf(subject);
    if (roleName !== undefined && held.some((rule) => ruleAllows(rule, 'bind', 'roles', roleName)))
      return true;
    return rulesCover(held, roleRules);
  }

  async role(name: string): Promise<RoleRecord | undefined> {
    return (await this.current()).roles.get(name);
  }
}
