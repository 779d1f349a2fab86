import type { HttpTransport } from './http-transport.js';
import type { Me, Session, SetupState, SignedIn, User } from './types.js';

/** Accounts, sessions and "me". `signIn` keeps the token for every later call. */
export class IdentityApi {
  constructor(private readonly http: HttpTransport) {}

  register(username: string, password: string): Promise<Pick<User, 'id' | 'username'>> {
    return this.http.request('POST', '/v1/accounts', { body: { username, password } });
  }

  async signIn(username: string, password: string): Promise<SignedIn> {
    const created = await this.http.request<SignedIn>('POST', '/v1/sessions', {
      body: { username, password },
    });
    this.http.token = created.token;
    return created;
  }

  /** Registers, then signs in. */
  async signUp(username: string, password: string): Promise<SignedIn> {
    await this.register(username, password);
    return this.signIn(username, password);
  }

  async signOut(): Promise<void> {
    try {
      await this.http.request('DELETE', '/v1/sessions/current');
    } finally {
      this.http.token = null;
    }
  }

  me(): Promise<Me> {
    return this.http.request('GET', '/v1/me');
  }

  async sessions(): Promise<Session[]> {
    return (await this.http.request<{ sessions: Session[] }>('GET', '/v1/sessions')).sessions;
  }

  revokeSession(id: string): Promise<void> {
    return this.http.request('DELETE', `/v1/sessions/${encodeURIComponent(id)}`);
  }

  /** Ends every other session of mine too. */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.http.request('PUT', '/v1/me/password', { body: { currentPassword, newPassword } });
  }

  /** Creates the first admin with the code `npm start` printed. */
  bootstrap(code: string, username: string, password: string): Promise<Pick<User, 'id' | 'username'>> {
    return this.http.request('POST', '/v1/admin/bootstrap', { body: { code, username, password } });
  }

  setup(): Promise<SetupState> {
    return this.http.request('GET', '/v1/setup');
  }
}
