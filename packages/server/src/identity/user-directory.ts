import type { AdminUserList, AdminUserListQuery, UserSort, UserStats } from '@parlor/protocol';
import { userView } from './account-service.js';
import type { AccountsStore } from './accounts-store.js';
import { usernameKey } from './password-policy.js';

/** The per-user figures the admin's list shows and sorts by (the stats feature keeps them). */
export interface UserFigures {
  ofMany(userIds: readonly string[]): Promise<Map<string, UserStats>>;
  /** User ids in the order of a figure; `search` is a username key fragment. */
  page(q: {
    search?: string;
    sort: UserSort;
    order: 'asc' | 'desc';
    limit: number;
    offset: number;
  }): Promise<string[]>;
}

const NO_FIGURES: UserStats = {
  logins: 0,
  lastLoginAt: null,
  lastSeenAt: null,
  sessions: 0,
  sessionSeconds: 0,
  gamesPlayed: 0,
  gamesWon: 0,
  chatMessages: 0,
};

/**
 * `GET /v1/admin/users`: by name (keyset paging on the account table), or by a figure (the
 * figures give the order, `next` is then an offset `o:<n>`); each user with their figures.
 */
export class UserDirectory {
  constructor(private readonly deps: { accounts: AccountsStore; figures: UserFigures }) {}

  async list(q: AdminUserListQuery): Promise<AdminUserList> {
    const search = q.q === undefined ? undefined : usernameKey(q.q);
    if (q.sort === 'username' && q.order === 'asc') {
      const users = await this.deps.accounts.list({ limit: q.limit, after: q.after, search });
      const figures = await this.deps.figures.ofMany(users.map((u) => u.id));
      return {
        users: users.map((u) => ({ ...userView(u), stats: figures.get(u.id) ?? NO_FIGURES })),
        next: users.length === q.limit ? (users.at(-1)?.username.toLowerCase() ?? null) : null,
      };
    }
    const offset = /^o:\d{1,9}$/.test(q.after ?? '') ? Number(q.after!.slice(2)) : 0;
    const ids = await this.deps.figures.page({
      search,
      sort: q.sort,
      order: q.order,
      limit: q.limit,
      offset,
    });
    const [users, figures] = await Promise.all([
      this.deps.accounts.byIds(ids),
      this.deps.figures.ofMany(ids),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return {
      users: ids.flatMap((id) => {
        const user = byId.get(id);
        return user ? [{ ...userView(user), stats: figures.get(id) ?? NO_FIGURES }] : [];
      }),
      next: ids.length === q.limit ? `o:${offset + q.limit}` : null,
    };
  }
}
