import type { Bus } from '../bus/index.js';
import type { Logger } from '../platform/logger.js';
import type { RevocationListener } from './revocations.js';
import type { SessionVerifier } from './session-verifier.js';

/** Bus topic for everything addressed to one user's connections, on every node. */
export const userTopic = (userId: string) => `user:${userId}`;

export interface SessionsRevokedNotice {
  type: 'sessions_revoked';
  userId: string;
  sessionIds: string[];
  /** Every session of the user ended (deauthentication, disabled account). */
  all: boolean;
  reason: string;
}

/**
 * Revocation reaches every node: this node forgets the sessions at once (so the very next
 * request here fails), and a notice on the user's topic makes every node — this one included —
 * drop its cache entries and close the user's sockets.
 */
export async function fanOutRevocations(
  bus: Bus,
  verifier: SessionVerifier,
  logger: Logger,
): Promise<RevocationListener> {
  const forget = (n: SessionsRevokedNotice) =>
    n.all ? verifier.forgetUser(n.userId) : verifier.forgetSessions(n.sessionIds);
  await bus.subscribePrefix('user:', (message) => {
    const notice = message as SessionsRevokedNotice;
    if (notice?.type === 'sessions_revoked') forget(notice);
  });
  return {
    sessionsRevoked: ({ userId, sessionIds, reason }) => {
      const notice: SessionsRevokedNotice = {
        type: 'sessions_revoked',
        userId,
        sessionIds: [...sessionIds],
        all: reason === 'deauthenticated' || reason === 'disabled',
        reason,
      };
      forget(notice);
      bus
        .publish(userTopic(userId), notice)
        .catch((err) => logger.error({ err }, 'could not publish a revocation'));
    },
  };
}
