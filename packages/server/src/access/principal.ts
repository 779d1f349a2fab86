/** Who is making a request, as established from its credential. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      sessionId: string;
      groups: readonly string[];
      /** When the account was made; carried so that "who am I" needs no database read. */
      accountCreatedAt: Date;
    }
  | {
      kind: 'apiKey';
      keyId: string;
      ownerId: string;
      role: string;
      /** A studio's key acts for that studio only. */
      studioId?: string;
    };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Every signed-in user belongs to this group; the `player` role is bound to it by default. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** The RBAC subject a principal stands for. */
export type Subject =
  | { kind: 'user'; id: string; groups: readonly string[] }
  /**
   * A key holds its role only while `ownerId` may still grant it (docs/rbac.md); a studio's key,
   * while its owner may grant it in that studio's `scope` (`studio:<id>`).
   */
  | { kind: 'apiKey'; id: string; role: string; ownerId: string; scope?: string };

export function subjectOf(principal: Principal): Subject {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, groups: principal.groups }
    : {
        kind: 'apiKey',
        id: principal.keyId,
        role: principal.role,
        ownerId: principal.ownerId,
        ...(principal.studioId ? { scope: `studio:${principal.studioId}` } : {}),
      };
}

/** Who is acting, and from which address: what rules and the audit log need of a person. */
export interface Actor {
  userId: string;
  username: string;
  ip: string;
}

/** A signed-in person acting through a route: who, and from which address (for the audit log). */
export interface Caller {
  user: Extract<Principal, { kind: 'user' }>;
  ip: string;
}

/** The actor of an audit entry for a caller. */
export const actorOf = (caller: Caller): Actor => ({
  userId: caller.user.userId,
  username: caller.user.username,
  ip: caller.ip,
});
