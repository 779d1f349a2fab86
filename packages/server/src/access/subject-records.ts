/**
 * What access control needs to know of the subjects it binds roles to, and no more. Identity
 * and API keys own these records; these ports keep access from depending on their stores.
 */
export interface AccessUsers {
  byId(id: string): Promise<{ id: string; disabledAt: Date | null } | undefined>;
}

export interface AccessApiKeys {
  byId(
    id: string,
  ): Promise<
    { id: string; ownerId: string; role: string; expiresAt: Date | null; revokedAt: Date | null } | undefined
  >;
}
