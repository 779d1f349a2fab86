import { ParlorClient, type Me } from '@parlor/sdk';
import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { plainWords } from './plain-words.js';
import { browserTokenStore, type TokenStore } from './token-store.js';

export type SessionStatus = 'loading' | 'signedIn' | 'signedOut';

interface SessionState {
  status: SessionStatus;
  me: Me | null;
  isAdmin: boolean;
  /** Why the last session ended, shown on the sign-in screen. */
  reason: string | null;
}

export interface Session extends SessionState {
  client: ParlorClient;
  signIn(username: string, password: string, remember: boolean): Promise<void>;
  signUp(username: string, password: string, remember: boolean): Promise<void>;
  signOut(): Promise<void>;
  /** The server ended the session (a 401, or the realtime socket said so). */
  ended(reason: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Owns the page's one ParlorClient and who is signed in. */
export function SessionProvider({
  children,
  store = browserTokenStore,
}: {
  children: ReactNode;
  store?: TokenStore;
}) {
  const queries = useQueryClient();
  const [state, setState] = useState<SessionState>({
    status: 'loading',
    me: null,
    isAdmin: false,
    reason: null,
  });
  // The client outlives renders; it reports a 401 through this ref to the latest `ended`.
  const onEnded = useRef<(reason: string) => void>(() => {});
  const [client] = useState(
    () =>
      new ParlorClient({ token: store.read(), onUnauthenticated: (err) => onEnded.current(plainWords(err)) }),
  );

  const ended = useCallback(
    (reason: string) => {
      store.clear();
      client.token = null;
      queries.clear();
      setState({ status: 'signedOut', me: null, isAdmin: false, reason });
    },
    [client, queries, store],
  );
  onEnded.current = ended;

  const load = useCallback(async () => {
    if (!client.token) return setState((s) => ({ ...s, status: 'signedOut' }));
    try {
      const me = await client.identity.me();
      const review = await client.admin
        .review({ verb: 'list', resource: 'users' })
        .catch(() => ({ allowed: false }));
      setState({ status: 'signedIn', me, isAdmin: review.allowed, reason: null });
    } catch (err) {
      ended(plainWords(err));
    }
  }, [client, ended]);

  useEffect(() => {
    void load();
  }, [load]);

  const session = useMemo<Session>(() => {
    const signIn = async (username: string, password: string, remember: boolean) => {
      const created = await client.identity.signIn(username, password);
      store.write(created.token, remember);
      await load();
    };
    return {
      client,
      ...state,
      signIn,
      async signUp(username, password, remember) {
        await client.identity.register(username, password);
        await signIn(username, password, remember);
      },
      async signOut() {
        await client.identity.signOut().catch(() => undefined);
        ended('You signed out.');
      },
      ended,
    };
  }, [client, state, store, load, ended]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
