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
  { kind: 'user'; id: string; groups: readonly string[] } | { kind: 'apiKey'; id: string; role: string };

export function subjectOf(principal: Principal): Subject {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.userId, groups: principal.groups }
    : { kind: 'apiKey', id: principal.keyId, role: principal.role };
}

export function principalId(principal: Principal): string {
  return principal.kind === 'user' ? principal.userId : principal.keyId;
}

/** A signed-in person acting through a route: who, and from which address (for the audit log). */
export interface Caller {
  user: Extract<Principal, { kind: 'user' }>;
  ip: string;
}

/** The actor of an audit entry for a caller. */
export const actorOf = (caller: Caller) => ({
  userId: caller.user.userId,
  username: caller.user.username,
  ip: caller.ip,
});
