/**
 * Told whenever sessions end before their time, so that every node can drop cached sessions
 * and close the user's sockets. The composition root fans these out over the bus.
 */
export interface RevocationListener {
  sessionsRevoked(event: { userId: string; sessionIds: readonly string[]; reason: RevocationReason }): void;
}

export type RevocationReason =
  'logout' | 'revoked' | 'password_changed' | 'deauthenticated' | 'disabled' | 'logged_out_everywhere';
