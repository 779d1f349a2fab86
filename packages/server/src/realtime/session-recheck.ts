import type { Authorizer } from '../access/authorizer.js';
import { subjectOf } from '../access/principal.js';
import type { SessionVerifier } from '../identity/session-verifier.js';
import type { Logger } from '../platform/logger.js';
import type { SessionRecheck, SessionWatched } from './socket-sweep.js';

/** A signed-in socket as its periodic session re-check sees it. */
export interface RecheckedSocket extends SessionWatched {
  readonly sessionToken: string;
  /** Closes the socket as one whose session ended (the code and words of a revocation). */
  sessionRefused(): void;
}

/**
 * The sweep's re-check of the sockets due in one tick: identity answers for all their sessions
 * at once, then each is held to RBAC `connect realtime` as at sign-in. A socket is closed when
 * its session is refused, when it may no longer connect, or when the check itself fails (as a
 * single socket's re-check always did: an unconfirmed session does not stay open).
 */
export function sessionRecheck(deps: {
  verifier: Pick<SessionVerifier, 'recheckForSockets'>;
  authorizer: Pick<Authorizer, 'can'>;
  logger: Logger;
}): SessionRecheck<RecheckedSocket> {
  return async (due) => {
    let answers: Awaited<ReturnType<SessionVerifier['recheckForSockets']>>;
    try {
      answers = await deps.verifier.recheckForSockets(due.map((s) => s.sessionToken));
    } catch (err) {
      deps.logger.warn({ err, sockets: due.length }, 'session re-check failed; closing those sockets');
      for (const socket of due) socket.sessionRefused();
      return;
    }
    for (const socket of due) {
      const answer = answers.get(socket.sessionToken);
      if (!answer?.ok) {
        socket.sessionRefused();
        continue;
      }
      const allowed = await deps.authorizer
        .can(subjectOf(answer.principal), 'connect', 'realtime')
        .catch(() => false);
      if (!allowed) socket.sessionRefused();
    }
  };
}
