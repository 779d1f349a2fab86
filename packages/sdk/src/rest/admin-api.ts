import type { HttpTransport } from './http-transport.js';
import type {
  AccessReview,
  AccessReviewAnswer,
  ApiKey,
  ApiKeyCreated,
  AuditPage,
  Game,
  NewApiKey,
  NewBinding,
  Role,
  RoleBinding,
  Session,
  Ticket,
  TicketCheck,
  User,
} from './types.js';
import type { AdminUserList, AdminUserListQuery, Rule } from '@parlor/protocol';

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** What the entry acted on, exact: a user id lists what was done to that user. */
  target?: string;
  outcome?: 'success' | 'failure' | 'denied';
  since?: string;
  until?: string;
  limit?: number;
  before?: number;
}

/** Administration: users, RBAC, the audit log. Each call needs the matching permission. */
export class AdminApi {
  constructor(private readonly http: HttpTransport) {}

  /** Users with their figures (logins, time online, games): search by name, sort by any column. */
  users(query: Partial<AdminUserListQuery> = {}): Promise<AdminUserList> {
    return this.http.request('GET', '/v1/admin/users', { query: { ...query } });
  }
  setDisabled(userId: string, disabled: boolean): Promise<User> {
    return this.http.request('PATCH', `/v1/admin/users/${encodeURIComponent(userId)}`, {
      body: { disabled },
    });
  }
  /** Ends every session of the user now; their open sockets close. */
  deauthenticate(userId: string): Promise<{ sessionsEnded: number }> {
    return this.http.request('POST', `/v1/admin/users/${encodeURIComponent(userId)}/deauthenticate`);
  }
  /** A user's active sessions: address, browser, last seen. */
  async sessionsOf(userId: string): Promise<Session[]> {
    const path = `/v1/admin/users/${encodeURIComponent(userId)}/sessions`;
    return (await this.http.request<{ sessions: Session[] }>('GET', path)).sessions;
  }
  /** The games a user played or is playing, newest first. */
  async gamesOf(userId: string): Promise<Game[]> {
    const path = `/v1/admin/users/${encodeURIComponent(userId)}/games`;
    return (await this.http.request<{ games: Game[] }>('GET', path)).games;
  }
  audit(filter: AuditFilter = {}): Promise<AuditPage> {
    return this.http.request('GET', '/v1/admin/audit', { query: { ...filter } });
  }

  async roles(): Promise<Role[]> {
    return (await this.http.request<{ roles: Role[] }>('GET', '/v1/roles')).roles;
  }
  role(name: string): Promise<Role> {
    return this.http.request('GET', `/v1/roles/${encodeURIComponent(name)}`);
  }
  createRole(name: string, rules: Rule[]): Promise<Role> {
    return this.http.request('POST', '/v1/roles', { body: { name, rules } });
  }
  updateRole(name: string, rules: Rule[]): Promise<Role> {
    return this.http.request('PUT', `/v1/roles/${encodeURIComponent(name)}`, { body: { rules } });
  }
  deleteRole(name: string): Promise<void> {
    return this.http.request('DELETE', `/v1/roles/${encodeURIComponent(name)}`);
  }
  async bindings(): Promise<RoleBinding[]> {
    return (await this.http.request<{ bindings: RoleBinding[] }>('GET', '/v1/role-bindings')).bindings;
  }
  bind(binding: NewBinding): Promise<RoleBinding> {
    return this.http.request('POST', '/v1/role-bindings', { body: binding });
  }
  unbind(name: string): Promise<void> {
    return this.http.request('DELETE', `/v1/role-bindings/${encodeURIComponent(name)}`);
  }
  /** May a subject (default: me) do this? */
  review(review: AccessReview): Promise<AccessReviewAnswer> {
    return this.http.request('POST', '/v1/access-reviews', { body: review });
  }
}

/** API keys I own, and join tickets for community servers. */
export class KeysApi {
  constructor(private readonly http: HttpTransport) {}

  create(key: NewApiKey): Promise<ApiKeyCreated> {
    return this.http.request('POST', '/v1/api-keys', { body: key });
  }
  async list(ownerId?: string): Promise<ApiKey[]> {
    return (await this.http.request<{ apiKeys: ApiKey[] }>('GET', '/v1/api-keys', { query: { ownerId } }))
      .apiKeys;
  }
  revoke(id: string): Promise<void> {
    return this.http.request('DELETE', `/v1/api-keys/${encodeURIComponent(id)}`);
  }
  rotate(id: string): Promise<ApiKeyCreated> {
    return this.http.request('POST', `/v1/api-keys/${encodeURIComponent(id)}/rotate`);
  }
  ticket(server: string): Promise<Ticket> {
    return this.http.request('POST', '/v1/tickets', { body: { server } });
  }
  /** For a community server holding a `community-server` API key. */
  verifyTicket(ticket: string, server?: string): Promise<TicketCheck> {
    return this.http.request('POST', '/v1/tickets/verify', { body: { ticket, server } });
  }
}
