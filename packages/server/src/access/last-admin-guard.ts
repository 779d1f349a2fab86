import type { AccessUsers } from './subject-records.js';
import { AppError } from '../platform/app-error.js';
import type { AccessStore } from './access-store.js';

/**
 * Keeps at least one enabled admin: without one, nobody could administer Parlor but the
 * database. An admin here is an account with its own binding to the `admin` role, as for the
 * guard on deleting bindings (AccessService.deleteBinding).
 */
export class LastAdminGuard {
  constructor(private readonly deps: { access: AccessStore; accounts: AccessUsers }) {}

  async isAdmin(userId: string): Promise<boolean> {
    return (await this.adminIds()).includes(userId);
  }

  /** How many admins have an enabled account right now. */
  async enabledAdmins(): Promise<number> {
    const accounts = await Promise.all((await this.adminIds()).map((id) => this.deps.accounts.byId(id)));
    return accounts.filter((a) => a && !a.disabledAt).length;
  }

  /** Refuses if `userId` is the only enabled admin (to be disabled or deauthenticated). */
  async refuseIfLast(userId: string, doing: string): Promise<void> {
    if (!(await this.isAdmin(userId))) return;
    const others = (
      await Promise.all((await this.adminIds()).map((id) => this.deps.accounts.byId(id)))
    ).filter((a) => a && a.id !== userId && !a.disabledAt);
    if (others.length === 0) throw lastAdmin(doing);
  }

  private async adminIds(): Promise<string[]> {
    const bindings = await this.deps.access.listBindings();
    return [
      ...new Set(
        bindings.filter((b) => b.role === 'admin' && b.subjectKind === 'user').map((b) => b.subject),
      ),
    ];
  }
}

export const lastAdmin = (doing: string) =>
  new AppError('CONFLICT', `This is the only enabled admin; make another admin before you ${doing} them`);
