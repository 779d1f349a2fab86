import type { Queryable } from '../storage/db.js';
import type { Rule } from './rules.js';

export interface RoleRecord {
  name: string;
  rules: Rule[];
  builtin: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface BindingRecord {
  name: string;
  role: string;
  subjectKind: 'user' | 'group' | 'apiKey';
  subject: string;
  builtin: boolean;
  /** Where the binding holds: null everywhere, or one scope such as `studio:<id>`. */
  scope: string | null;
  createdAt: Date;
}

type RoleRow = { name: string; rules: Rule[]; builtin: boolean; created_at: Date; updated_at: Date };
type BindingRow = {
  name: string;
  role: string;
  subject_kind: BindingRecord['subjectKind'];
  subject: string;
  builtin: boolean;
  scope: string | null;
  created_at: Date;
};

const toRole = (r: RoleRow): RoleRecord => ({
  name: r.name,
  rules: r.rules,
  builtin: r.builtin,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toBinding = (r: BindingRow): BindingRecord => ({
  name: r.name,
  role: r.role,
  subjectKind: r.subject_kind,
  subject: r.subject,
  builtin: r.builtin,
  scope: r.scope ?? null,
  createdAt: r.created_at,
});

/** SQL for roles and role bindings. */
export class AccessStore {
  constructor(private readonly db: Queryable) {}

  async listRoles(): Promise<RoleRecord[]> {
    return (await this.db.query<RoleRow>('select * from roles order by name')).map(toRole);
  }

  async getRole(name: string): Promise<RoleRecord | undefined> {
    const rows = await this.db.query<RoleRow>('select * from roles where name = $1', [name]);
    return rows[0] && toRole(rows[0]);
  }

  async upsertRole(name: string, rules: Rule[], builtin: boolean, now: Date): Promise<void> {
    await this.db.query(
      `insert into roles (name, rules, builtin, created_at, updated_at) values ($1, $2, $3, $4, $4)
       on conflict (name) do update set rules = excluded.rules, builtin = excluded.builtin, updated_at = excluded.updated_at`,
      [name, JSON.stringify(rules), builtin, now],
    );
  }

  async insertRole(name: string, rules: Rule[], now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `insert into roles (name, rules, builtin, created_at, updated_at) values ($1, $2, false, $3, $3)
       on conflict (name) do nothing returning name`,
      [name, JSON.stringify(rules), now],
    );
    return rows.length === 1;
  }

  async updateRole(name: string, rules: Rule[], now: Date): Promise<boolean> {
    const rows = await this.db.query(
      'update roles set rules = $2, updated_at = $3 where name = $1 and not builtin returning name',
      [name, JSON.stringify(rules), now],
    );
    return rows.length === 1;
  }

  async deleteRole(name: string): Promise<boolean> {
    return (
      (await this.db.query('delete from roles where name = $1 and not builtin returning name', [name]))
        .length === 1
    );
  }

  async listBindings(): Promise<BindingRecord[]> {
    return (await this.db.query<BindingRow>('select * from role_bindings order by name')).map(toBinding);
  }

  async insertBinding(
    b: Omit<BindingRecord, 'createdAt' | 'scope'> & { scope?: string | null },
    now: Date,
  ): Promise<boolean> {
    const rows = await this.db.query(
      `insert into role_bindings (name, role, subject_kind, subject, builtin, scope, created_at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning name`,
      [b.name, b.role, b.subjectKind, b.subject, b.builtin, b.scope ?? null, now],
    );
    return rows.length === 1;
  }

  async deleteBinding(name: string): Promise<boolean> {
    return (
      (
        await this.db.query('delete from role_bindings where name = $1 and not builtin returning name', [
          name,
        ])
      ).length === 1
    );
  }

  /** The bindings that hold in one scope only (a studio's owners), oldest first. */
  async bindingsInScope(scope: string): Promise<BindingRecord[]> {
    const rows = await this.db.query<BindingRow>(
      'select * from role_bindings where scope = $1 order by created_at, name',
      [scope],
    );
    return rows.map(toBinding);
  }

  /** Removes every binding of a scope (the scope itself is gone); returns how many. */
  async deleteScope(scope: string): Promise<number> {
    return (await this.db.query('delete from role_bindings where scope = $1 returning name', [scope])).length;
  }

  /** The scopes in which a subject holds a role (the studios a user owns). */
  async scopesOf(
    role: string,
    subjectKind: BindingRecord['subjectKind'],
    subject: string,
  ): Promise<string[]> {
    const rows = await this.db.query<{ scope: string }>(
      `select scope from role_bindings where role = $1 and subject_kind = $2 and subject = $3
       and scope is not null order by created_at`,
      [role, subjectKind, subject],
    );
    return rows.map((r) => r.scope);
  }
}
