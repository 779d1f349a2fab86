import type { SessionList } from '@parlor/protocol';
import type { SessionRecord } from './sessions-store.js';

/** A user's sessions as the wire shows them; `currentId` marks the one asking, if it is theirs. */
export function sessionListOf(sessions: readonly SessionRecord[], currentId?: string): SessionList {
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === currentId,
    })),
  };
}
