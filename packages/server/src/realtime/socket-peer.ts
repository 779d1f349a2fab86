import type { ServerFrame, ErrorCode } from '@parlor/protocol';
import type { UserPrincipal } from '../access/principal.js';
import type { SocketSubscriptions } from './socket-subscriptions.js';

export interface Subscription {
  key: string;
  kind: 'lobby' | 'game' | 'dm';
  gameId?: string;
  /** Users whose presence this subscription shows (the other side of a DM, a game's players). */
  watches: string[];
  unfollow(): void;
}

/**
 * What the registry, presence and frame handlers see of one socket. A leaf of its own so that
 * they need not import the session (which imports the context, which names them).
 */
export interface SocketPeer {
  readonly conn: { readonly id: string };
  readonly user: UserPrincipal | undefined;
  readonly subscriptions: SocketSubscriptions;
  /** Senders this user has blocked: their lobby and game messages are not delivered. */
  hidden: ReadonlySet<string>;
  readonly isOpen: boolean;
  send(frame: ServerFrame): void;
  end(code: ErrorCode, message?: string): void;
}
