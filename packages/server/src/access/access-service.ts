import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { AccessStore, BindingRecord } from './access-store.js';
import type { Authorizer } from './authorizer.js';
import { actorOf, type Caller, subjectOf } from './principal.js';
import type { Rule } from './rules.js';
import type { AccessApiKeys, AccessUsers } from './subject-records.js';

export interface AccessDeps {
  store: AccessStore;
  authorizer: Authorizer;
  accounts: AccessUsers;
  apiKeys: AccessApiKeys;
  audit: AuditLog;
  clock: Clock;
}

export type { Caller };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Changing roles and bindings, under the Kubernetes escalation rule: nobody creates or updates
 * a role with permissions they do not hold, nor binds a role they could not create unless
 * they hold `bind` on it. Built-in roles and bindings are reconciled at every start, so they
 * cannot be changed here. Every change reloads the authorizer at once.
 */
export class AccessService {
  constructor(private readonly deps: AccessDeps) {}

  listRoles() {
    return this.deps.store.listRoles();
  }

  async getRole(name: string) {
    const role = await this.deps.store.getRole(name);
    if (!role) throw new AppError('NOT_FOUND', `No role named ${name}`);
    return role;
  }

  async createRole(caller: Caller, name: string, rules: Rule[]) {
    await this.checkHolds(caller, rules, 'role.create', name);
    if (!(await this.deps.store.insertRole(name, rules, this.deps.clock.now())))
      throw new AppError('CONFLICT', `A role named ${name} exists`);
    await this.changed(caller, 'role.create', name, { rules });
    return this.getRole(name);
  }

  async updateRole(caller: Caller, name: string, rules: Rule[]) {
    this.notBuiltin(await this.getRole(name), 'role');
    await this.checkHolds(caller, rules, 'role.update', name);
    if (!(await this.deps.store.updateRole(name, rules, this.deps.clock.now())))
      throw new AppError('NOT_FOUND', `No role named ${name}`);
    await this.changed(caller, 'role.update', name, { rules });
    return this.getRole(name);
  }

  /** Deleting a role deletes its bindings too; API keys holding it keep no permissions. */
  async deleteRole(caller: Caller, name: string): Promise<void> {
    this.notBuiltin(await this.getRole(name), 'role');
    if (!(await this.deps.store.deleteRole(name))) throw new AppError('NOT_FOUND', `No role named ${name}`);
    await this.changed(caller, 'role.delete', name);
  }

  listBindings() {
    return this.deps.store.listBindings();
  }

  async createBinding(
    caller: Caller,
    b: { name: string; role: string; subject: { kind: BindingRecord['subjectKind']; id: string } },
  ) {
    const role = await this.getRole(b.role);
    await this.checkSubjectExists(b.subject);
    if (!(await this.deps.authorizer.mayGrant(subjectOf(caller.user), role.rules, role.name))) {
      await this.deps.audit.recordUserAction(actorOf(caller), 'binding.create', b.name, 'denied', {
        role: role.name,
        reason: 'escalation',
      });
      throw new AppError('ESCALATION_REFUSED', `You may not bind the role ${role.name}`);
    }
    const inserted = await this.deps.store.insertBinding(
      { name: b.name, role: b.role, subjectKind: b.subject.kind, subject: b.subject.id, builtin: false },
      this.deps.clock.now(),
    );
    if (!inserted)
      throw new AppError('CONFLICT', 'A binding with this name, or of this role to this subject, exists');
    await this.changed(caller, 'binding.create', b.name, { role: b.role, subject: b.subject });
    return (await this.deps.store.listBindings()).find((x) => x.name === b.name)!;
  }

  async deleteBinding(caller: Caller, name: string): Promise<void> {
    const bindings = await this.deps.store.listBindings();
    const binding = bindings.find((b) => b.name === name);
    if (!binding) throw new AppError('NOT_FOUND', `No binding named ${name}`);
    this.notBuiltin(binding, 'binding');
    if (binding.scope !== null)
      throw new AppError('CONFLICT', `The binding ${name} belongs to ${binding.scope}; change it there`);
    // Removing the last admin would leave nobody able to administer Parlor but the database.
    const admins = bindings.filter((b) => b.role === 'admin' && b.subjectKind === 'user' && b.scope === null);
    if (binding.role === 'admin' && binding.subjectKind === 'user' && admins.length <= 1)
      throw new AppError('CONFLICT', 'This is the last admin binding; bind another admin first');
    if (!(await this.deps.store.deleteBinding(name)))
      throw new AppError('NOT_FOUND', `No binding named ${name}`);
    await this.changed(caller, 'binding.delete', name, { role: binding.role });
  }

  private async checkHolds(caller: Caller, rules: Rule[], action: string, name: string) {
    if (await this.deps.authorizer.mayGrant(subjectOf(caller.user), rules)) return;
    await this.deps.audit.recordUserAction(actorOf(caller), action, name, 'denied', { reason: 'escalation' });
    throw new AppError('ESCALATION_REFUSED', 'The role would carry permissions you do not hold');
  }

  private async checkSubjectExists(subject: { kind: BindingRecord['subjectKind']; id: string }) {
    if (subject.kind === 'group') return;
    const found =
      subject.kind === 'user'
        ? UUID.test(subject.id) && (await this.deps.accounts.byId(subject.id))
        : await this.deps.apiKeys.byId(subject.id);
    if (!found) throw new AppError('NOT_FOUND', `No ${subject.kind} with id ${subject.id}`);
  }

  private notBuiltin(thing: { builtin: boolean; name: string }, kind: string) {
    if (thing.builtin)
      throw new AppError('CONFLICT', `The ${kind} ${thing.name} is built in; it is reset at every start`);
  }

  private async changed(caller: Caller, action: string, target: string, detail?: Record<string, unknown>) {
    await this.deps.authorizer.reload();
    await this.deps.audit.recordUserAction(actorOf(caller), action, target, 'success', detail);
  }
}
